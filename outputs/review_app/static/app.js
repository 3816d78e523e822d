// lkjip review app: keyboard shortcuts and the reviewer's name in every form. Every form works without it.
(function () {
  "use strict";
  var selected = -1;
  function cards() { return Array.prototype.slice.call(document.querySelectorAll("[data-warning]")); }
  function typing(el) { return el && (el.tagName === "INPUT" || el.tagName === "SELECT" || el.tagName === "TEXTAREA"); }
  function select(i) {
    var all = cards();
    if (!all.length) { return; }
    selected = Math.max(0, Math.min(all.length - 1, i));
    all.forEach(function (c) { c.classList.remove("selected"); });
    var card = all[selected];
    card.classList.add("selected");
    card.scrollIntoView({block: "center"});
    card.focus();
  }
  function press(key) {
    var card = cards()[selected];
    if (!card) { return; }
    var button = card.querySelector('button[data-key="' + key + '"]');
    var reason = card.querySelector(".reason-input");
    if (key === "x" && reason && !reason.value) {
      reason.form.dataset.pending = "dismiss";
      reason.placeholder = "tulis alasan menolak, lalu Enter";
      reason.focus();
      return;
    }
    if (button) { button.click(); }
  }
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    if (e.key === "Escape") {
      document.getElementById("help").hidden = true;
      if (typing(document.activeElement)) { document.activeElement.blur(); }
      return;
    }
    var active = document.activeElement;
    if (e.key === "Enter" && active && active.classList.contains("reason-input") && active.form.dataset.pending) {
      var pending = active.form.querySelector('button[value="' + active.form.dataset.pending + '"]');
      if (pending) { e.preventDefault(); pending.click(); }
      return;
    }
    if (typing(active)) { return; }
    if (e.key === "/") { var q = document.getElementById("q"); if (q) { e.preventDefault(); q.focus(); } }
    else if (e.key === "j") { select(selected + 1); }
    else if (e.key === "k") { select(selected - 1); }
    else if (e.key === "c" || e.key === "x") { press(e.key); }
    else if (e.key === "?") { var h = document.getElementById("help"); h.hidden = !h.hidden; }
  });
  document.addEventListener("submit", function (e) {
    var name = document.getElementById("reviewer");
    var field = e.target.querySelector("input.rv");
    if (name && field && name.value.trim()) { field.value = name.value.trim(); }
  }, true);
})();
