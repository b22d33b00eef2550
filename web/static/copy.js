// Copy buttons for read-only links: without JavaScript the buttons stay hidden and the
// input can still be selected and copied by hand.
document.querySelectorAll("button[data-copy]").forEach(function (button) {
  var input = document.getElementById(button.dataset.copy);
  if (!input || !navigator.clipboard) return;
  button.hidden = false;
  button.setAttribute("aria-label", "Copy: " + (input.labels[0] ? input.labels[0].textContent : "link"));
  button.addEventListener("click", function () {
    input.select();
    navigator.clipboard.writeText(input.value).then(function () {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = "Copy"; }, 2000);
    });
  });
});
document.querySelectorAll("input[data-copy-source]").forEach(function (input) {
  input.addEventListener("focus", function () { input.select(); });
});
