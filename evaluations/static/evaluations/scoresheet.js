/* Live total of a score sheet: recomputed in the browser at every change (the server's saved totals, returned by
   htmx, replace the panel right after). Works without htmx too: the form then saves on "Lưu". No external code. */
(function () {
  "use strict";
  var form = document.getElementById("score-sheet");
  if (!form) { return; }
  var fmt = function (n) {
    return n.toLocaleString("vi-VN", { minimumFractionDigits: 0, maximumFractionDigits: 2 });
  };
  function recompute() {
    var total = 0, parts = {}, answered = 0;
    form.querySelectorAll("input[type=radio]:checked").forEach(function (input) {
      var pts = parseFloat(input.dataset.points || "0");
      total += pts;
      answered += 1;
      parts[input.dataset.part] = (parts[input.dataset.part] || 0) + pts;
    });
    form.querySelectorAll(".option").forEach(function (label) {
      var input = label.querySelector("input");
      label.classList.toggle("chosen", !!(input && input.checked));
    });
    form.querySelectorAll(".criterion").forEach(function (c) {
      c.classList.toggle("missing", !c.querySelector("input:checked"));
    });
    var live = document.getElementById("live-total");
    if (live) { live.textContent = fmt(total); }
    Object.keys(parts).forEach(function (code) {
      var el = document.getElementById("live-part-" + code);
      if (el) { el.textContent = fmt(parts[code]); }
    });
    var count = document.getElementById("live-answered");
    if (count) { count.textContent = answered; }
  }
  form.addEventListener("change", recompute);
  document.body.addEventListener("htmx:afterSwap", recompute);
  recompute();
})();
