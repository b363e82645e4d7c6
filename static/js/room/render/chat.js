/* The chat: the state's last messages, kept scrolled to the bottom if it was there. */
import { $, button, enable, make, reconcile, setAttr, setText, show } from "../dom.js";
import { format, gettext, timeOfDay } from "../format.js";
import { isChair, model, projector } from "../model.js";

function createMessage(message) {
  var item = make("li", "chat-message");
  var head = make("p", "chat-head");
  head.append(make("span", "chat-author"), make("span", "chat-org"), make("time", "chat-time"));
  item.append(head, make("p", "chat-text"));
  if (!projector) {
    item.appendChild(button(gettext("Remove"), "button button-small button-quiet chat-remove", { action: "remove-message", message: message.id }));
  }
  return item;
}

function updateMessage(item, message) {
  var author = message.author || {};
  item.classList.toggle("from-chair", author.role === "chair");
  setText(item.querySelector(".chat-author"), author.name || "");
  setText(item.querySelector(".chat-org"), author.role === "chair" ? gettext("Chair")
    : (author.organization ? author.organization.short_name : ""));
  var time = item.querySelector(".chat-time");
  setAttr(time, "datetime", message.at || "");
  setText(time, message.at ? timeOfDay(message.at) : "");
  setText(item.querySelector(".chat-text"), message.text);
  var remove = item.querySelector(".chat-remove");
  if (remove) {
    show(remove, isChair());
    enable(remove, true);
    setAttr(remove, "aria-label", format(gettext("Remove the message from %(name)s"), { name: author.name || "" }));
  }
}

export function renderChat() {
  var list = $("chat-list");
  if (!list) { return; }
  var atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 48;
  reconcile(list, model.state.messages, function (m) { return m.id; }, createMessage, updateMessage);
  show($("chat-empty"), model.state.messages.length === 0);
  if (atBottom) { list.scrollTop = list.scrollHeight; }
}
