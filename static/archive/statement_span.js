// The statement form's span: move its start or end by one word, keeping the
// «آغاز»/«پایان» boxes and the preview in step (and the text box, when it is
// filled: left empty, the text is read from the span on saving). The word
// boundaries come from the server (archive/admin/statement_span.py) as JSON.
(function () {
  "use strict";
  var CONTEXT = 240;
  function json(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var panel = document.querySelector(".span-panel");
    var words = json("span-words");
    var body = json("span-body");
    var start = document.getElementById("id_start");
    var end = document.getElementById("id_end");
    var text = document.getElementById("id_text");
    if (!panel || !words || body === null || !start || !end) return;

    function span() { return [parseInt(start.value, 10), parseInt(end.value, 10)]; }
    function show() {
      var s = span(), from = Math.max(0, s[0] - CONTEXT), to = Math.min(body.length, s[1] + CONTEXT);
      document.getElementById("span-before").textContent = (from ? "…" : "") + body.slice(from, s[0]);
      document.getElementById("span-quote").textContent = body.slice(s[0], s[1]);
      document.getElementById("span-after").textContent = body.slice(s[1], to) + (to < body.length ? "…" : "");
    }
    // The next word boundary from `at` in direction `step`, or null at the edge.
    function next(which, at, step) {
      var index = which === "start" ? 0 : 1, found = null;
      for (var i = 0; i < words.length; i++) {
        var b = words[i][index];
        if (step < 0 && b < at) found = b;
        if (step > 0 && b > at) { found = b; break; }
      }
      return found;
    }
    function follow() {
      var s = span();
      if (text && text.value.trim()) text.value = body.slice(s[0], s[1]);
      show();
    }
    panel.querySelector(".span-moves").hidden = false;
    panel.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-end]");
      if (!button) return;
      var s = span(), which = button.getAttribute("data-end"), step = parseInt(button.getAttribute("data-step"), 10);
      var moved = next(which, which === "start" ? s[0] : s[1], step);
      if (moved === null) return;
      if (which === "start" && moved < s[1]) start.value = moved;
      if (which === "end" && moved > s[0]) end.value = moved;
      follow();
    });
    [start, end].forEach(function (box) {
      box.addEventListener("change", function () {
        var s = span();
        if (s[0] >= 0 && s[1] > s[0] && s[1] <= body.length) follow();
      });
    });
    // A speaker the archive does not know: «+» opens the new official's form with the name filled in.
    var name = panel.getAttribute("data-new-speaker");
    var add = document.getElementById("add_id_official");
    if (name && add) add.href += (add.href.indexOf("?") < 0 ? "?" : "&") + "name=" + encodeURIComponent(name);
  });
})();
