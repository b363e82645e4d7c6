// Small progressive enhancements shared by every page. No framework, no build step.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  // A form with data-confirm asks before it sends what cannot be undone.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form instanceof HTMLFormElement && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit")) {
      target.form.submit();
    }
  });
})();
