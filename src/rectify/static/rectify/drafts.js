/* Input kept across an expired session. When a form is posted, what was typed in it is kept in
   this tab's session storage (never sent anywhere else). If the session had expired, the
   server sends the user to log in and back to the same page with ?restore=draft: the form is
   filled in again and says so. Any other visit to the page drops the kept copy. */
(function () {
  "use strict";
  var PREFIX = "rectify:draft:";
  var SKIP = { hidden: 1, password: 1, file: 1, submit: 1, button: 1, reset: 1, image: 1 };

  function storage() {
    try { return window.sessionStorage; } catch (e) { return null; }
  }

  function keep(form) {
    var store = storage();
    if (!store || (form.method || "").toLowerCase() !== "post" || form.hasAttribute("data-no-draft")) return;
    var fields = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIP[el.type] || el.disabled) return;
      if (el.type === "checkbox" || el.type === "radio") {
        fields.push({ name: el.name, value: el.value, checked: el.checked });
      } else if (el.tagName === "SELECT" && el.multiple) {
        fields.push({ name: el.name, values: Array.prototype.filter.call(el.options, function (o) { return o.selected; }).map(function (o) { return o.value; }) });
      } else {
        fields.push({ name: el.name, value: el.value });
      }
    });
    if (!fields.some(function (f) { return f.value || f.values; })) return;
    store.setItem(PREFIX + window.location.pathname, JSON.stringify({ action: form.getAttribute("action") || "", fields: fields }));
  }

  function fill(form, fields) {
    var first = null;
    fields.forEach(function (f) {
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name !== f.name || SKIP[el.type]) return;
        if (el.type === "checkbox" || el.type === "radio") {
          if (el.value === f.value) el.checked = f.checked;
        } else if (f.values) {
          Array.prototype.forEach.call(el.options, function (o) { o.selected = f.values.indexOf(o.value) >= 0; });
        } else {
          el.value = f.value;
          if (f.value && !first) first = el;
        }
      });
    });
    for (var node = form; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    var note = document.createElement("p");
    note.className = "message message--info";
    note.setAttribute("role", "status");
    note.setAttribute("data-draft-restored", "");
    note.textContent = document.body.getAttribute("data-draft-restored-text") || "";
    form.insertBefore(note, form.firstChild);
    if (first) first.focus();
  }

  function restore() {
    var store = storage();
    if (!store) return;
    var key = PREFIX + window.location.pathname;
    var raw = store.getItem(key);
    store.removeItem(key);
    var params = new URLSearchParams(window.location.search);
    if (params.get("restore") !== "draft") return;
    params.delete("restore");
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    if (!raw) return;
    var draft;
    try { draft = JSON.parse(raw); } catch (e) { return; }
    var forms = Array.prototype.filter.call(document.forms, function (f) {
      return (f.getAttribute("action") || "") === draft.action;
    });
    if (forms.length) fill(forms[0], draft.fields || []);
  }

  document.addEventListener("submit", function (event) { keep(event.target); }, true);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", restore);
  else restore();
})();
