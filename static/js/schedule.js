// Schedule times: shown in the event's time zone by the server; this switches them to
// the viewer's zone (the delegate's preferred zone, else the browser's) and back.
(function () {
  "use strict";

  var STORAGE_KEY = "plenary.scheduleZone";

  function browserZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
    } catch (error) {
      return "UTC";
    }
  }

  function validZone(zone) {
    if (!zone) return false;
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
      return true;
    } catch (error) {
      return false;
    }
  }

  function remembered() {
    try {
      return window.localStorage.getItem(STORAGE_KEY);
    } catch (error) {
      return null;
    }
  }

  function remember(mode) {
    try {
      window.localStorage.setItem(STORAGE_KEY, mode);
    } catch (error) {
      // Private browsing: the choice lasts for this page only.
    }
  }

  function dayKey(date, zone) {
    return new Intl.DateTimeFormat("en-CA", {
      timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit"
    }).format(date);
  }

  function formatIn(element, zone, eventZone, language) {
    var date = new Date(element.getAttribute("datetime"));
    if (isNaN(date.getTime())) return element.getAttribute("data-event-text");
    var style = element.getAttribute("data-zoned");
    // On 24 hours, as the server writes them in every language.
    var options = { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    if (style === "date") {
      options = { timeZone: zone, year: "numeric", month: "long", day: "numeric" };
    } else if (style === "datetime") {
      options.year = "numeric";
      options.month = "short";
      options.day = "numeric";
    } else if (dayKey(date, zone) !== dayKey(date, eventZone)) {
      // Another day than the event's (the day heading above it): say which in full.
      options.weekday = "short";
      options.day = "numeric";
      options.month = "short";
    }
    return new Intl.DateTimeFormat(language, options).format(date);
  }

  function setUp(toggle) {
    var eventZone = toggle.getAttribute("data-event-zone");
    var viewerZone = toggle.getAttribute("data-viewer-zone");
    if (!validZone(viewerZone)) viewerZone = browserZone();
    var language = document.documentElement.lang || "en";
    var times = Array.prototype.slice.call(document.querySelectorAll("time[data-zoned]"));
    var buttons = Array.prototype.slice.call(toggle.querySelectorAll("[data-zone-mode]"));
    var name = toggle.querySelector("[data-viewer-zone-name]");
    if (name) name.textContent = viewerZone;
    times.forEach(function (element) {
      element.setAttribute("data-event-text", element.textContent);
    });

    function show(mode) {
      times.forEach(function (element) {
        if (mode === "viewer") {
          element.textContent = formatIn(element, viewerZone, eventZone, language);
          element.setAttribute("title", viewerZone);
        } else {
          element.textContent = element.getAttribute("data-event-text");
          element.setAttribute("title", eventZone);
        }
      });
      buttons.forEach(function (button) {
        button.setAttribute("aria-pressed", String(button.getAttribute("data-zone-mode") === mode));
      });
      toggle.setAttribute("data-zone-mode", mode);
    }

    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        var mode = button.getAttribute("data-zone-mode");
        remember(mode);
        show(mode);
      });
    });
    show(remembered() === "viewer" ? "viewer" : "event");
  }

  function start() {
    var toggles = document.querySelectorAll("[data-zone-toggle]");
    // One page, one zone switch: the first toggle drives every time on the page.
    if (toggles.length) setUp(toggles[0]);
    for (var i = 1; i < toggles.length; i++) toggles[i].hidden = true;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
