// The error summary of a refused form (components/error_summary.html): focus moves to it,
// and each of its links moves the focus to the field it names. Without JavaScript the
// summary is at the top of the page and its links still scroll to the fields.
(function () {
  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    var box = document.getElementById("error-summary");
    if (!box) return;
    box.focus();
    box.addEventListener("click", function (ev) {
      var a = ev.target.closest("a[href^='#']");
      if (!a) return;
      var el = document.getElementById(a.getAttribute("href").slice(1));
      if (!el) return;
      ev.preventDefault();
      // a group of choices: its first choice takes the focus
      if (!el.matches("input,select,textarea,button")) {
        el = el.querySelector("input,select,textarea") || el;
      }
      el.scrollIntoView({ block: "center" });
      el.focus();
    });
  });
})();
