/* Progressive helpers for long forms; every form works without them.
   select[data-filter]   a search box above the list narrows its options (keyboard: type, then Tab to the list)
   select[data-follows]  only the optgroup whose options carry data-year = the chosen value of #<data-follows>
   [data-repeat]         a button adds another empty row like the last one (milestones on the action form) */
(function () {
  "use strict";
  var en = document.documentElement.lang === "en";

  function filterable(select) {
    var input = document.createElement("input");
    input.type = "search";
    input.id = select.id + "-zoek";
    input.className = "utrecht-textbox utrecht-textbox--html-input select-filter";
    input.setAttribute("autocomplete", "off");
    input.setAttribute("aria-controls", select.id);
    var label = document.createElement("label");
    label.className = "utrecht-form-label";
    label.htmlFor = input.id;
    var name = document.querySelector('label[for="' + select.id + '"]');
    name = name ? name.textContent.trim().toLowerCase() : "";
    label.textContent = en ? "Search for " + (name || "an item") : "Zoek een " + (name || "keuze");
    var status = document.createElement("p");
    status.className = "meta";
    status.setAttribute("role", "status");
    // Above the whole field, so the list's own label stays right above the list.
    var field = select.closest(".utrecht-form-field") || select;
    var box = document.createElement("div");
    box.className = "utrecht-form-field";
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(status);
    field.parentNode.insertBefore(box, field);
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean), shown = 0;
      Array.prototype.forEach.call(select.options, function (o) {
        if (!o.value) { return; }
        var group = o.parentNode.tagName === "OPTGROUP" ? o.parentNode.label : "";
        var text = (group + " " + o.text).toLowerCase();
        o.hidden = !words.every(function (w) { return text.indexOf(w) !== -1; });
        if (!o.hidden) { shown += 1; }
      });
      select.querySelectorAll("optgroup").forEach(function (g) {
        g.hidden = !Array.prototype.some.call(g.children, function (o) { return !o.hidden; });
      });
      status.textContent = words.length ? (en ? shown + " found" : shown + " gevonden") : "";
    });
  }

  function follows(select) {
    var source = document.getElementById(select.dataset.follows);
    if (!source) { return; }
    function apply() {
      Array.prototype.forEach.call(select.options, function (o) {
        if (o.dataset.year) { o.hidden = o.dataset.year !== source.value; }
      });
      select.querySelectorAll("optgroup").forEach(function (g) {
        g.hidden = !Array.prototype.some.call(g.children, function (o) { return !o.hidden; });
      });
      var chosen = select.options[select.selectedIndex];
      if (chosen && chosen.hidden) { select.value = ""; }
    }
    source.addEventListener("change", apply);
    apply();
  }

  function repeatable(list) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "utrecht-button utrecht-button--secondary-action";
    button.textContent = list.dataset.repeat;
    list.parentNode.insertBefore(button, list.nextSibling);
    button.addEventListener("click", function () {
      var rows = list.querySelectorAll("[data-row]");
      var last = rows[rows.length - 1], n = rows.length;
      var copy = last.cloneNode(true);
      copy.querySelectorAll("[id], [name], [for], [aria-describedby]").forEach(function (el) {
        ["id", "name", "for"].forEach(function (a) {
          if (el.hasAttribute(a)) { el.setAttribute(a, el.getAttribute(a).replace(/-\d+-/, "-" + n + "-")); }
        });
        if (el.value !== undefined && el.tagName === "INPUT") { el.value = ""; el.removeAttribute("aria-invalid"); }
      });
      copy.querySelectorAll(".utrecht-form-field-error-message").forEach(function (e) { e.remove(); });
      copy.querySelectorAll("[data-row-number]").forEach(function (e) { e.textContent = String(n + 1); });
      list.appendChild(copy);
      copy.querySelector("input").focus();
    });
  }

  function init() {
    document.querySelectorAll("select[data-filter]").forEach(filterable);
    document.querySelectorAll("select[data-follows]").forEach(follows);
    document.querySelectorAll("[data-repeat]").forEach(repeatable);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
