/* Reactions: brief bubbles, aggregated by the server per second. */
import { $, make } from "../dom.js";

export function showReactions(counts) {
  var stream = $("reaction-stream");
  if (!stream) { return; }
  Object.keys(counts).forEach(function (emoji) {
    var bubble = make("span", "reaction-bubble", counts[emoji] > 1 ? emoji + " ×" + counts[emoji] : emoji);
    stream.appendChild(bubble);
    setTimeout(function () { if (bubble.parentNode) { bubble.parentNode.removeChild(bubble); } }, 4000);
  });
  while (stream.children.length > 8) { stream.removeChild(stream.firstChild); }
}
