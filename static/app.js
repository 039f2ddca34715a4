// Chorus: small progressive enhancements. Every page works without this file.
"use strict";

// Ask before destructive actions: buttons with data-confirm.
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var message = button && button.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// Keep a double click from posting the same form twice.
document.addEventListener("submit", function (event) {
  if (event.defaultPrevented) return;
  var form = event.target;
  window.setTimeout(function () {
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
  }, 0);
});
