/* Drag and drop in the speakers' list (the arrow buttons do the same from the keyboard). */
import { $ } from "./dom.js";
import { projector } from "./model.js";
import { queueOrder, sendOrder } from "./actions.js";

export function wireDragAndDrop() {
  var queueList = $("queue-list");
  var dragged = null;
  function clearDropMarks() {
    Array.prototype.forEach.call(queueList.querySelectorAll(".drop-before, .drop-after, .dragging"), function (node) {
      node.classList.remove("drop-before", "drop-after", "dragging");
    });
  }
  function dropTarget(dragEvent) {
    var item = dragEvent.target.closest && dragEvent.target.closest(".queue-item");
    if (!item || Number(item.dataset.request) === dragged) { return null; }
    var box = item.getBoundingClientRect();
    return { item: item, after: dragEvent.clientY > box.top + box.height / 2 };
  }
  if (queueList && !projector) {
    queueList.addEventListener("dragstart", function (dragEvent) {
      var item = dragEvent.target.closest(".queue-item");
      if (!item || !item.draggable) { return; }
      dragged = Number(item.dataset.request);
      item.classList.add("dragging");
      dragEvent.dataTransfer.effectAllowed = "move";
      dragEvent.dataTransfer.setData("text/plain", String(dragged));
    });
    queueList.addEventListener("dragover", function (dragEvent) {
      if (dragged === null) { return; }
      dragEvent.preventDefault();
      dragEvent.dataTransfer.dropEffect = "move";
      Array.prototype.forEach.call(queueList.querySelectorAll(".drop-before, .drop-after"), function (node) {
        node.classList.remove("drop-before", "drop-after");
      });
      var target = dropTarget(dragEvent);
      if (target) { target.item.classList.add(target.after ? "drop-after" : "drop-before"); }
    });
    queueList.addEventListener("drop", function (dragEvent) {
      if (dragged === null) { return; }
      dragEvent.preventDefault();
      var target = dropTarget(dragEvent);
      var request = dragged;
      dragged = null;
      clearDropMarks();
      if (!target) { return; }
      var order = queueOrder().filter(function (id) { return id !== request; });
      var at = order.indexOf(Number(target.item.dataset.request)) + (target.after ? 1 : 0);
      order.splice(at, 0, request);
      if (order.join() !== queueOrder().join()) { sendOrder(null, order, request); }
    });
    queueList.addEventListener("dragend", function () {
      dragged = null;
      clearDropMarks();
    });
  }
}
