/* Wide tables scroll inside their .table-wrap on a small screen. A keyboard user can only scroll
   such a box when it can take focus (WCAG 2.1.1), so every wrap that actually overflows becomes a
   focusable, named region; when it fits again it goes back to being a plain box. */
(function () {
  "use strict";
  // A line above the table says that it scrolls: a cut-off column alone is easy to miss.
  function hint(wrap, show) {
    var p = wrap.previousElementSibling;
    var has = p && p.classList.contains("scroll-hint");
    if (show && !has) {
      p = document.createElement("p");
      p.className = "scroll-hint meta";
      p.textContent = document.documentElement.lang === "en"
        ? "This table is wider than the screen: scroll sideways for more columns."
        : "Deze tabel is breder dan het scherm: schuif opzij voor meer kolommen.";
      wrap.parentNode.insertBefore(p, wrap);
    } else if (!show && has) {
      p.remove();
    }
  }
  function update(wrap) {
    var overflows = wrap.scrollWidth > wrap.clientWidth + 1;
    if (overflows && !wrap.hasAttribute("tabindex")) {
      var caption = wrap.querySelector("caption");
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", caption ? caption.textContent.trim() : (document.documentElement.lang === "en" ? "Table" : "Tabel"));
      wrap.dataset.scrollRegion = "1";
      hint(wrap, true);
    } else if (!overflows && wrap.dataset.scrollRegion) {
      ["tabindex", "role", "aria-label", "data-scroll-region"].forEach(function (a) { wrap.removeAttribute(a); });
      hint(wrap, false);
    }
  }
  function init() {
    var wraps = document.querySelectorAll(".table-wrap");
    wraps.forEach(update);
    if ("ResizeObserver" in window) {
      var observer = new ResizeObserver(function (entries) { entries.forEach(function (e) { update(e.target); }); });
      wraps.forEach(function (w) { observer.observe(w); });
    } else {
      window.addEventListener("resize", function () { wraps.forEach(update); });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
