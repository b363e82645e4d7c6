/*
 * The agenda, live: every item of the sitting (the page's `agenda`) with its status from
 * the state; for the open item with a text, the text as it stands now (the draft and
 * the amendments carried so far, folded by texts.js) in the reader's language, the
 * amendments with their fate, and the voting order. The chair opens and closes items,
 * and puts to the vote (by roll call) the amendment first in the order, accepts it as
 * a change, or puts the text to its final vote once no amendment is pending.
 */
import { $, button, enable, make, reconcile, setText, show } from "../dom.js";
import { format, gettext } from "../format.js";
import { config, isActive, isChair, label, model, projector } from "../model.js";
import { allowed } from "../transitions.js";

const PENDING = ["submitted", "voting"];

function language() { return config.reading_language || "en"; }

function words(text, authentic) {
  return (text && (text[language()] || text[authentic] || text.en)) || "";
}

function itemStatus(itemId) {
  var entry = model.state.agenda.items.filter(function (item) { return item.id === itemId; })[0];
  return entry ? entry.status : "pending";
}

function createItem(item) {
  var row = make("li", "agenda-item");
  row.append(make("span", "agenda-title"), make("span", "agenda-status"));
  if (!projector) {
    row.append(button(gettext("Open this item"), "button button-small", { command: "agenda.open", item: item.id }),
      button(gettext("Close this item"), "button button-small button-secondary", { command: "agenda.close", item: item.id }));
  }
  return row;
}

function updateItem(row, item) {
  var status = itemStatus(item.id);
  row.classList.toggle("is-open", status === "open");
  if (status === "open") { row.setAttribute("aria-current", "true"); } else { row.removeAttribute("aria-current"); }
  setText(row.querySelector(".agenda-title"), item.position + ". " + words(item.title, "en"));
  setText(row.querySelector(".agenda-status"), status === "pending" ? "" : " · " + label("agenda", status));
  var open = row.querySelector("[data-command='agenda.open']");
  var close = row.querySelector("[data-command='agenda.close']");
  var another = model.state.agenda.current !== null && model.state.agenda.current !== item.id;
  var mayOpen = isChair() && isActive() && !another && allowed("agenda_item", status, "open");
  var mayClose = isChair() && isActive() && allowed("agenda_item", status, "closed");
  if (open) { show(open, mayOpen); enable(open, mayOpen); }
  if (close) { show(close, mayClose); enable(close, mayClose); }
}

function openText() {
  var current = model.state.agenda.current;
  return model.state.texts.filter(function (text) { return text.item === current; })[0] || null;
}

function amendmentLine(text, amendment) {
  var who = amendment.proposer ? amendment.proposer.organization : "";
  return format(gettext("Amendment %(id)s (%(who)s): %(status)s"), {
    id: amendment.id, who: who, status: label("amendment", amendment.status),
  }) + (amendment.reason ? " — " + amendment.reason : "");
}

function renderText(text) {
  var box = $("agenda-text");
  show(box, Boolean(text));
  if (!text) { return; }
  setText($("agenda-text-title"), text.title);
  var link = $("agenda-text-link");
  if (link && config.text_url) { link.href = config.text_url.replace(/0\/$/, text.id + "/"); }
  setText($("agenda-text-status"), label("text", text.status) + (text.provisional ? " · " + gettext("provisional") : ""));
  var paragraphs = $("agenda-text-paragraphs");
  reconcile(paragraphs, text.paragraphs, function (p) { return p.key; }, function () {
    return make("li", "agenda-paragraph");
  }, function (node, paragraph) { setText(node, words(paragraph.text, text.authentic)); });
  var amendments = text.amendments.filter(function (a) { return a.amends === null; });
  reconcile($("agenda-amendments"), amendments, function (a) { return a.id; }, function () {
    return make("li", "agenda-amendment");
  }, function (node, amendment) {
    node.dataset.status = amendment.status;
    setText(node, amendmentLine(text, amendment));
  });
  show($("agenda-amendments-empty"), amendments.length === 0);
  var order = text.order || [];
  setText($("agenda-order"), order.length
    ? format(gettext("Voting order: %(order)s"), { order: order.join(", ") })
    : "");
  renderChair(text, order);
}

function renderChair(text, order) {
  var controls = $("agenda-chair");
  if (!controls) { return; }
  var first = order.length ? order[0] : null;
  var voting = model.state.votes.some(function (vote) { return vote.status !== "closed"; });
  var chair = isChair() && !projector && model.state.debate.status === "live";
  var put = $("agenda-put-amendment");
  var accept = $("agenda-accept-amendment");
  var finalVote = $("agenda-final-vote");
  [put, accept].forEach(function (control) {
    show(control, chair && first !== null && !voting);
    enable(control, chair && first !== null && !voting);
    control.dataset.text = String(text.id);
    control.dataset.amendment = String(first);
  });
  if (first !== null) {
    setText(put, format(gettext("Put amendment %(id)s to the vote"), { id: first }));
    setText(accept, format(gettext("Accept amendment %(id)s as a change"), { id: first }));
  }
  var pending = text.amendments.some(function (a) { return PENDING.indexOf(a.status) !== -1; });
  var mayVote = chair && !pending && !voting && text.status === "debating";
  show(finalVote, mayVote);
  enable(finalVote, mayVote);
  finalVote.dataset.text = String(text.id);
}

export function renderAgenda() {
  var list = $("agenda-items");
  if (!list) { return; }
  reconcile(list, config.agenda || [], function (item) { return item.id; }, createItem, updateItem);
  renderText(openText());
}
