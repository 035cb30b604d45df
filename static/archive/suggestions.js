// The article's suggestions: pointing at (or focusing) a suggested statement
// outlines the mention its speaker was read from. Loaded from static/, so the
// page's Content-Security-Policy needs no inline script.
(function () {
  "use strict";
  function speakerOf(mark) {
    var id = mark.getAttribute("data-speaker");
    return id ? document.getElementById(id) : null;
  }
  function light(event, on) {
    var mark = event.target.closest && event.target.closest(".sg-statement[data-speaker]");
    var speaker = mark && speakerOf(mark);
    if (speaker) speaker.classList.toggle("sg-speaker-lit", on);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var body = document.querySelector(".sg-body");
    if (!body) return;
    body.addEventListener("mouseover", function (e) { light(e, true); });
    body.addEventListener("mouseout", function (e) { light(e, false); });
    body.addEventListener("focusin", function (e) { light(e, true); });
    body.addEventListener("focusout", function (e) { light(e, false); });
    // Reject asks once: it hides the suggestion from this article for good.
    body.closest("form").addEventListener("submit", function (e) {
      if (e.submitter && e.submitter.name === "reject" && !window.confirm("این پیشنهاد رد شود؟")) e.preventDefault();
    });
  });
})();
