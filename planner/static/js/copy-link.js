// "Kopieer link": copies the read-only input's value and says so in the live region beside it. Without JS the
// button stays hidden and the input stays selectable; without the Clipboard API (plain http on an intranet) the
// selection is copied the old way.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-link]").forEach(function (box) {
    var button = box.querySelector("[data-copy-target]");
    var status = box.querySelector("[data-copy-status]");
    var input = button && document.getElementById(button.getAttribute("data-copy-target"));
    if (!button || !input || !status) return;
    var say = function (key) { status.textContent = status.getAttribute(key); };
    var copySelection = function () {
      input.select();
      try { say(document.execCommand("copy") ? "data-copied" : "data-failed"); } catch (e) { say("data-failed"); }
    };
    input.addEventListener("focus", function () { input.select(); });
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = "";
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(function () { say("data-copied"); }, copySelection);
      } else {
        copySelection();
      }
    });
  });
})();
