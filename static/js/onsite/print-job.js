// A badge print job's page: asks its status every second and moves the bar; reloads once
// the job has ended badly (the page then offers to start again). Without JavaScript the
// page refreshes itself instead.
(function () {
  "use strict";
  var box = document.querySelector("[data-print-job]");
  if (!box) return;
  var bar = box.querySelector("[data-bar]");
  var label = box.querySelector("[data-label]");
  var count = box.querySelector("[data-count]");
  var download = box.querySelector("[data-download]");
  var template = box.querySelector("[data-count-template]").innerHTML.trim();
  var state = box.getAttribute("data-state");
  if (state !== "queued" && state !== "running") return;

  function show(status) {
    bar.max = Math.max(status.total, 1);
    bar.value = status.done;
    bar.textContent = status.percent + "%";
    label.textContent = status.label;
    count.textContent = template.replace("{done}", status.done).replace("{total}", status.total);
  }

  function poll() {
    fetch(box.getAttribute("data-status-url"), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (status) {
        show(status);
        if (status.state === "done") {
          download.hidden = false;
        } else if (status.state === "failed" || status.state === "stale") {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 3000);
      });
  }
  window.setTimeout(poll, 500);
})();
