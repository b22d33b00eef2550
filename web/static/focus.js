// A form that comes back with a problem (or a question) marks the box that says so with
// data-focus: move focus there so that a screen reader reads it and a phone scrolls to it.
// The URL's fragment (#report-alert) scrolls there without JavaScript; autofocus helps too.
// A tick sent as a plain form comes back to #item-<key>: focus that item's button again.
(function () {
  var box = document.querySelector("[data-focus]");
  if (box) {
    box.focus();
    box.scrollIntoView({ block: "start" });
    return;
  }
  if (location.hash.indexOf("#item-") !== 0) return;
  var item = document.getElementById(decodeURIComponent(location.hash.slice(1)));
  var button = item && item.querySelector("form[data-tick] button");
  if (button) button.focus();
})();
