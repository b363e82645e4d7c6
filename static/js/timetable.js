// The schedule grid: tells which edges have rooms scrolled out of sight (the frame's
// data-overflow: "start", "end", both or "none"), so the page can shade that edge, and
// shows the "scroll sideways" hint only where the rooms do not fit.
(function () {
  "use strict";

  function measure(box) {
    var frame = box.parentElement;
    var hint = frame.previousElementSibling;
    var hidden = box.scrollWidth - box.clientWidth;
    var edges = [];
    if (hidden > 1) {
      if (box.scrollLeft > 1) edges.push("start");
      if (box.scrollLeft < hidden - 1) edges.push("end");
    }
    frame.setAttribute("data-overflow", edges.length ? edges.join(" ") : "none");
    if (hint && hint.hasAttribute("data-timetable-hint")) hint.hidden = hidden <= 1;
  }

  function start() {
    var boxes = Array.prototype.slice.call(document.querySelectorAll("[data-timetable]"));
    if (!boxes.length) return;
    function all() { boxes.forEach(measure); }
    boxes.forEach(function (box) {
      box.addEventListener("scroll", function () { measure(box); }, { passive: true });
    });
    window.addEventListener("resize", all);
    // The grid may be hidden (the list on a phone): measured again when it shows.
    if (window.ResizeObserver) {
      var observer = new ResizeObserver(all);
      boxes.forEach(function (box) { observer.observe(box); });
    }
    all();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
