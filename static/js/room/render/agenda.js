/*
 * The agenda, live: every item of the sitting (the page's `agenda`) with its status from
 * the state; for the open item with a text, the text as it stands now (the draft and
 * the amendments carried so far, folded by texts.js) in the reader's language, the
 * amendments with their fate, and the voting order. The chair opens and closes items,
 * and puts to the vote (by roll call) the amendment first in the order, accepts it as
 * a change, or puts the text to its final vote once no amendment is pending. Who may
 * merge an amendment into another of the same paragraph, and change the voting order
 * (moved up and down here, then confirmed), comes from the server's tables.
 */
import { $, button, enable, make, reconcile, setText, show } from "../dom.js";
import { format, gettext } from "../format.js";
import { config, isActive, isChair, label, model, projector } from "../model.js";
import { allowed, commandAllowed } from "../transitions.js";

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
    var node = make("li", "agenda-amendment");
    node.appendChild(make("span", "agenda-amendment-line"));
    return node;
  }, function (node, amendment) {
    node.dataset.status = amendment.status;
    setText(node.querySelector(".agenda-amendment-line"), amendmentLine(text, amendment));
    renderMerge(node, text, amendment);
  });
  show($("agenda-amendments-empty"), amendments.length === 0);
  var order = text.order || [];
  setText($("agenda-order"), order.length
    ? format(gettext("Voting order: %(order)s"), { order: order.join(", ") })
    : "");
  renderChair(text, order);
  renderOrderEditor(text, order);
}

// --- merging ---------------------------------------------------------------------------

/** The paragraphs an amendment changes or inserts after. */
function paragraphsOf(amendment) {
  return amendment.operations.map(function (op) { return op.op === "insert" ? op.after : op.paragraph; })
    .filter(function (key) { return key; });
}

/** The pending amendments `amendment` may be merged into: those to one of its paragraphs. */
function mergeTargets(text, amendment) {
  var mine = paragraphsOf(amendment);
  return text.amendments.filter(function (other) {
    return other.id !== amendment.id && other.amends === null && other.status === "submitted" &&
      paragraphsOf(other).some(function (key) { return mine.indexOf(key) !== -1; });
  });
}

function mayMerge(amendment) {
  return !projector && isActive() && amendment.amends === null &&
    allowed("amendment", amendment.status, "merged");
}

function buildMerge(amendment) {
  var form = make("details", "agenda-merge");
  form.appendChild(make("summary", null, gettext("Merge into…")));
  var body = make("form", "open-vote amendment-merge");
  body.dataset.amendment = String(amendment.id);
  var field = make("div", "field");
  var id = "merge-into-" + amendment.id;
  var fieldLabel = make("label", null, gettext("The amendment that keeps its wording"));
  fieldLabel.htmlFor = id;
  var select = make("select");
  select.id = id;
  select.name = "into";
  field.append(fieldLabel, select);
  var reasonField = make("div", "field");
  var reasonLabel = make("label", null, gettext("Reason for the merged amendment"));
  reasonLabel.htmlFor = "merge-reason-" + amendment.id;
  var reason = make("input");
  reason.id = "merge-reason-" + amendment.id;
  reason.name = "reason";
  reason.maxLength = 5000;
  reason.placeholder = gettext("Optional");
  reasonField.append(reasonLabel, reason);
  var submit = make("button", "button button-small", gettext("Merge the two amendments"));
  submit.type = "submit";
  body.append(field, reasonField, submit);
  form.appendChild(body);
  return form;
}

function renderMerge(node, text, amendment) {
  var targets = mayMerge(amendment) ? mergeTargets(text, amendment) : [];
  var form = node.querySelector(".agenda-merge");
  if (targets.length && !form) {
    form = buildMerge(amendment);
    node.appendChild(form);
  }
  if (!form) { return; }
  show(form, targets.length > 0);
  form.querySelector("form").dataset.text = String(text.id);
  reconcile(form.querySelector("select"), targets, function (t) { return t.id; }, function (target) {
    var option = make("option");
    option.value = String(target.id);
    return option;
  }, function (option, target) {
    setText(option, format(gettext("Amendment %(id)s (%(who)s)"), {
      id: target.id, who: target.proposer ? target.proposer.organization : "",
    }));
  });
  enable(form.querySelector("button[type=submit]"), model.state.debate.status !== "closed");
}

/** What `amendment.merge` sends: the two amendments, and the wording of the one kept. */
export function mergeCommand(form) {
  var text = byTextId(Number(form.dataset.text));
  var into = text && text.amendments.filter(function (a) { return a.id === Number(form.elements.into.value); })[0];
  if (!into) { return null; }
  var lang = into.language;
  var source = Number(form.dataset.amendment);
  return {
    text: text.id,
    amendments: [source, into.id],
    language: lang,
    reason: form.elements.reason.value.trim() ||
      format(gettext("Amendments %(first)s and %(second)s merged."), { first: source, second: into.id }),
    operations: into.operations.map(function (op) {
      if (op.op === "insert") { return { op: "insert", after: op.after, text: op.text[lang] }; }
      if (op.op === "delete") { return { op: "delete", paragraph: op.paragraph }; }
      return { op: "replace", paragraph: op.paragraph, text: op.text[lang] };
    }),
  };
}

function byTextId(id) {
  return model.state.texts.filter(function (text) { return text.id === id; })[0] || null;
}

// --- the voting order, changed by the chair ----------------------------------------------

// The order being edited, and the server's order it started from (a new server order
// starts the edit again).
var draft = { text: null, from: null, order: null };

function sameOrder(a, b) { return a.length === b.length && a.every(function (id, i) { return id === b[i]; }); }

export function editedOrder() { return draft.order ? { text: draft.text, order: draft.order.slice() } : null; }

export function moveInOrder(amendment, by) {
  if (!draft.order) { return; }
  var from = draft.order.indexOf(amendment);
  var to = from + by;
  if (from === -1 || to < 0 || to >= draft.order.length) { return; }
  draft.order.splice(from, 1);
  draft.order.splice(to, 0, amendment);
}

export function resetOrder() { if (draft.from) { draft.order = draft.from.slice(); } }

function renderOrderEditor(text, order) {
  var editor = $("agenda-order-editor");
  if (!editor) { return; }
  var voting = model.state.votes.some(function (vote) { return vote.status !== "closed"; });
  var may = !projector && isActive() && order.length > 1 && !voting && commandAllowed("voting_order.override");
  show(editor, may);
  if (!may) { return; }
  if (draft.text !== text.id || !draft.from || !sameOrder(draft.from, order)) {
    draft = { text: text.id, from: order.slice(), order: order.slice() };
  }
  var byId = {};
  text.amendments.forEach(function (a) { byId[a.id] = a; });
  reconcile($("agenda-order-list"), draft.order, function (id) { return id; }, function (id) {
    var row = make("li", "agenda-order-entry");
    row.append(make("span", "agenda-order-name"),
      button("↑", "button button-small button-secondary button-icon", { action: "order-up", amendment: id }),
      button("↓", "button button-small button-secondary button-icon", { action: "order-down", amendment: id }));
    return row;
  }, function (row, id, index) {
    var amendment = byId[id];
    var name = format(gettext("Amendment %(id)s (%(who)s)"), {
      id: id, who: amendment && amendment.proposer ? amendment.proposer.organization : "",
    });
    setText(row.querySelector(".agenda-order-name"), (index + 1) + ". " + name);
    var up = row.querySelector("[data-action='order-up']");
    var down = row.querySelector("[data-action='order-down']");
    up.setAttribute("aria-label", format(gettext("Move amendment %(id)s up"), { id: id }));
    down.setAttribute("aria-label", format(gettext("Move amendment %(id)s down"), { id: id }));
    enable(up, index > 0);
    enable(down, index < draft.order.length - 1);
  });
  var changed = !sameOrder(draft.order, order);
  enable($("agenda-order-confirm"), changed);
  enable($("agenda-order-reset"), changed);
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
