// "Kopieer link": shows the button only when the clipboard can be written, copies the read-only input's
// value and says so in the live region beside it. Without JS the input stays selectable.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-link]").forEach(function (box) {
    var button = box.querySelector("[data-copy-target]");
    var status = box.querySelector("[data-copy-status]");
    var input = button && document.getElementById(button.getAttribute("data-copy-target"));
    if (!button || !input || !status) return;
    input.addEventListener("focus", function () { input.select(); });
    if (!navigator.clipboard || !window.isSecureContext) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = "";
      navigator.clipboard.writeText(input.value).then(
        function () { status.textContent = status.getAttribute("data-copied"); },
        function () { input.select(); status.textContent = status.getAttribute("data-failed"); }
      );
    });
  });
})();
