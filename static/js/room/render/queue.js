/* The speakers' list, and the delegate's own requests to speak. */
import { $, button, enable, make, reconcile, setAttr, setText, show } from "../dom.js";
import { format, gettext } from "../format.js";
import { isActive, isChair, isLive, isMe, label, mayGrant, model, projector } from "../model.js";
import { kindBadge, languageBadge, where } from "./common.js";

function createQueueItem(entry) {
  var item = make("li", "queue-item");
  item.dataset.request = String(entry.request);
  var position = make("span", "queue-position");
  position.setAttribute("aria-hidden", "true");
  var handle = make("span", "queue-handle", "⠿");
  handle.setAttribute("aria-hidden", "true");
  var who = make("div", "queue-who");
  who.appendChild(make("span", "queue-name"));
  who.appendChild(make("span", "queue-org"));
  var tags = make("div", "queue-tags");
  var actions = make("div", "queue-actions");
  item.append(position, handle, who, tags, actions);
  if (!projector) {
    actions.append(
      button(gettext("Give the floor"), "button button-small", { action: "grant", request: entry.request }),
      button("↑", "button button-small button-secondary button-icon", { action: "up", request: entry.request }),
      button("↓", "button button-small button-secondary button-icon", { action: "down", request: entry.request }),
      button(gettext("Remove"), "button button-small button-quiet", { action: "withdraw", request: entry.request }),
      button(gettext("Withdraw"), "button button-small button-secondary", { action: "withdraw", request: entry.request, own: "1" })
    );
  }
  return item;
}

function updateQueueItem(item, entry, index) {
  var delegate = entry.delegate || {};
  var total = model.state.queue.length;
  setText(item.querySelector(".queue-position"), String(index + 1));
  setText(item.querySelector(".queue-name"), delegate.name);
  setText(item.querySelector(".queue-org"), where(delegate.organization));
  var tags = item.querySelector(".queue-tags");
  var signature = [entry.kind, entry.language, entry.paper_author, isMe(delegate)].join("|");
  if (tags.dataset.signature !== signature) {
    tags.dataset.signature = signature;
    var nodes = [kindBadge(entry.kind)];
    var speaks = languageBadge(entry.language);
    if (speaks) { nodes.push(speaks); }
    if (entry.paper_author) { nodes.push(make("span", "badge badge-paper", gettext("Paper author"))); }
    if (isMe(delegate)) { nodes.push(make("span", "badge badge-you", gettext("You"))); }
    tags.replaceChildren.apply(tags, nodes);
  }
  var chair = isChair();
  item.classList.toggle("is-me", isMe(delegate));
  item.draggable = chair && !projector && isActive() && isLive();
  Array.prototype.forEach.call(item.querySelectorAll(".queue-actions button"), function (control) {
    var action = control.dataset.action;
    var name = delegate.name;
    if (control.dataset.own) {
      show(control, !chair && isMe(delegate));
      enable(control, isActive());
      setAttr(control, "aria-label", gettext("Withdraw your request"));
      return;
    }
    show(control, chair);
    if (action === "grant") {
      var interrupting = mayGrant(entry) && Boolean(model.state.speaker);
      enable(control, mayGrant(entry));
      setText(control, interrupting ? gettext("Interrupt for this point") : gettext("Give the floor"));
      setAttr(control, "aria-label", format(interrupting
        ? gettext("Interrupt the speech: give the floor to %(name)s for a point of order")
        : gettext("Give the floor to %(name)s"), { name: name }));
    } else if (action === "up") {
      enable(control, isActive() && index > 0);
      setAttr(control, "aria-label", format(gettext("Move %(name)s up"), { name: name }));
    } else if (action === "down") {
      enable(control, isActive() && index < total - 1);
      setAttr(control, "aria-label", format(gettext("Move %(name)s down"), { name: name }));
    } else if (action === "withdraw") {
      enable(control, isActive());
      setAttr(control, "aria-label", format(gettext("Remove %(name)s from the list"), { name: name }));
    }
  });
}

export function renderQueue() {
  var list = $("queue-list");
  if (!list) { return; }
  var queue = model.state.queue;
  reconcile(list, queue, function (entry) { return entry.request; }, createQueueItem, updateQueueItem);
  show($("queue-empty"), queue.length === 0);
  setText($("queue-count"), queue.length ? "(" + queue.length + ")" : "");
  show($("queue-hint"), isChair() && queue.length > 1);
}

export function renderMyFloor() {
  var panel = $("my-floor");
  if (!panel) { return; }
  var mine = [];
  model.state.queue.forEach(function (entry, index) {
    if (isMe(entry.delegate)) { mine.push({ entry: entry, position: index + 1 }); }
  });
  reconcile($("my-requests"), mine, function (item) { return item.entry.request; }, function (item) {
    var row = make("li", "my-request");
    row.appendChild(make("span", "my-request-text"));
    row.appendChild(button(gettext("Withdraw"), "button button-small button-secondary", {
      action: "withdraw", request: item.entry.request,
    }));
    return row;
  }, function (row, item) {
    setText(row.querySelector(".my-request-text"), format(
      gettext("%(kind)s: you are number %(position)s on the speakers' list."),
      { kind: label("kind", item.entry.kind), position: item.position }
    ));
    enable(row.querySelector("button"), isActive());
    setAttr(row.querySelector("button"), "aria-label", format(gettext("Withdraw your request: %(kind)s"), { kind: label("kind", item.entry.kind) }));
  });
  Array.prototype.forEach.call(panel.querySelectorAll("[data-command='floor.request']"), function (control) {
    var kind = control.dataset.kind;
    var asked = mine.some(function (item) { return item.entry.kind === kind; });
    enable(control, isActive() && !asked);
  });
  var speaking = model.state.speaker && isMe(model.state.speaker.delegate);
  show($("end-my-speech"), Boolean(speaking));
  enable($("end-my-speech"), Boolean(speaking));
}
