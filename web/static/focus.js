// A form that comes back with a problem (or a question) marks the box that says so with
// data-focus: move focus there so that a screen reader reads it and a phone scrolls to it.
// The URL's fragment (#report-alert) scrolls there without JavaScript; autofocus helps too.
(function () {
  var box = document.querySelector("[data-focus]");
  if (!box) return;
  box.focus();
  box.scrollIntoView({ block: "start" });
})();
