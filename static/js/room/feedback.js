/* Short notices and alerts (#room-notice, #room-alert), and the text of a refused command. */
import { $ } from "./dom.js";
import { gettext } from "./format.js";

var toastTimers = {};
function toast(id, text) {
  var node = $(id);
  if (!node) { return; }
  clearTimeout(toastTimers[id]);
  node.textContent = text;
  node.hidden = false;
  toastTimers[id] = setTimeout(function () { node.hidden = true; node.textContent = ""; }, 6000);
}
export function notify(text) { toast("room-notice", text); }
export function alertError(text) { toast("room-alert", text); }

export function errorText(error) {
  if (error && error.message) { return error.message; }
  if (error && error.code === "rate_limited") { return gettext("Slow down: try again in a few seconds."); }
  if (error && error.code === "forbidden") { return gettext("You may not do this in this debate."); }
  return gettext("That did not work. Try again.");
}
