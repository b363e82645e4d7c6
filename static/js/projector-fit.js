// The projector view fills a landscape screen exactly (static/css/projector.css). When a
// card still holds more than its share of the screen (a long motion, a big vote), the
// type is made smaller, just enough for nothing to be cut (--fit on the root, 0.5 to 1).
(function () {
  "use strict";

  var SCREEN = "(min-width: 48rem) and (orientation: landscape)";
  var root = document.documentElement;
  var pending = false;

  function panels() {
    return Array.prototype.filter.call(
      document.querySelectorAll("#room .room-header, #room .room-card"),
      function (panel) { return panel.getClientRects().length > 0; }
    );
  }

  function overflows() {
    var width = root.clientWidth;
    var height = root.clientHeight;
    return panels().some(function (panel) {
      var box = panel.getBoundingClientRect();
      return panel.scrollHeight > panel.clientHeight || panel.scrollWidth > panel.clientWidth ||
        box.bottom > height + 0.5 || box.right > width + 0.5 || box.top < -0.5 || box.left < -0.5;
    });
  }

  function setFit(value) {
    root.style.setProperty("--fit", String(value));
  }

  function fit() {
    pending = false;
    setFit(1);
    if (!window.matchMedia(SCREEN).matches || !overflows()) return;
    var low = 0.5;
    var high = 1;
    for (var step = 0; step < 7; step++) {
      var middle = (low + high) / 2;
      setFit(middle);
      if (overflows()) high = middle;
      else low = middle;
    }
    setFit(low);
  }

  function later() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(fit);
  }

  function onlyTheClock(mutations) {
    return mutations.every(function (mutation) {
      var node = mutation.target.nodeType === 1 ? mutation.target : mutation.target.parentElement;
      return node && node.closest && node.closest("#timer") !== null;
    });
  }

  function start() {
    var room = document.getElementById("room");
    if (!room) return;
    new MutationObserver(function (mutations) {
      if (!onlyTheClock(mutations)) later();
    }).observe(room, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["hidden", "class"] });
    window.addEventListener("resize", later);
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(later);
    fit();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
