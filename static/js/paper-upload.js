// Paper upload with a progress bar: the form is sent with XMLHttpRequest so that the
// upload's progress can be shown; the server answers JSON ({redirect} or {detail, errors}).
// Without JavaScript the form posts normally.
(function () {
  "use strict";
  var form = document.querySelector("form[data-upload-progress]");
  if (!form || !window.FormData || !window.XMLHttpRequest) {
    return;
  }
  var fileInput = form.querySelector("input[type=file]");
  var box = form.querySelector("[data-upload-progress-box]");
  var bar = form.querySelector("[data-upload-bar]");
  var status = form.querySelector("[data-upload-status]");
  var errors = form.querySelector("[data-upload-errors]");
  var buttons = form.querySelectorAll("button[type=submit]");
  var maxBytes = parseInt(form.getAttribute("data-max-bytes"), 10) || 0;

  function message(name) {
    return form.getAttribute("data-msg-" + name) || "";
  }

  function showError(text, fieldErrors) {
    errors.textContent = "";
    var paragraph = document.createElement("p");
    paragraph.textContent = text;
    errors.appendChild(paragraph);
    if (fieldErrors) {
      Object.keys(fieldErrors).forEach(function (name) {
        var input = form.querySelector("[name='" + name + "']");
        if (!input) {
          return;
        }
        var field = input.closest(".field");
        if (field) {
          field.classList.add("field-invalid");
        }
      });
    }
    errors.scrollIntoView({ block: "center" });
  }

  function setBusy(busy) {
    buttons.forEach(function (button) {
      button.disabled = busy;
    });
    box.hidden = !busy;
  }

  if (fileInput) {
    fileInput.addEventListener("change", function () {
      var file = fileInput.files[0];
      if (file && maxBytes && file.size > maxBytes) {
        showError(message("too-large"));
      } else {
        errors.textContent = "";
      }
    });
  }

  form.addEventListener("submit", function (event) {
    var file = fileInput && fileInput.files[0];
    if (file && maxBytes && file.size > maxBytes) {
      event.preventDefault();
      showError(message("too-large"));
      return;
    }
    event.preventDefault();
    var data = new FormData(form);
    var submitter = event.submitter;
    if (submitter && submitter.name) {
      data.set(submitter.name, submitter.value);
    }
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    request.setRequestHeader("Accept", "application/json");
    request.upload.addEventListener("progress", function (progress) {
      if (!progress.lengthComputable) {
        return;
      }
      var percent = Math.floor((progress.loaded / progress.total) * 100);
      bar.value = percent;
      status.textContent = message("uploading").replace("{percent}", String(percent));
      if (progress.loaded === progress.total) {
        status.textContent = message("checking");
      }
    });
    request.addEventListener("load", function () {
      var body = null;
      try {
        body = JSON.parse(request.responseText);
      } catch (error) {
        body = null;
      }
      if (request.status >= 200 && request.status < 300 && body && body.redirect) {
        window.location.assign(body.redirect);
        return;
      }
      setBusy(false);
      showError((body && body.detail) || message("failed"), body && body.errors);
    });
    request.addEventListener("error", function () {
      setBusy(false);
      showError(message("failed"));
    });
    bar.value = 0;
    status.textContent = message("uploading").replace("{percent}", "0");
    errors.textContent = "";
    setBusy(true);
    request.send(data);
  });
})();
