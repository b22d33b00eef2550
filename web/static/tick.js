// Tick items off without leaving the page; without this script the forms post and redirect.
(function () {
  document.querySelectorAll("form[data-tick]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button");
      var state = form.querySelector("input[name=done]");
      button.disabled = true;
      fetch(form.action, {
        method: "POST", body: new FormData(form), credentials: "same-origin",
        headers: { "Accept": "application/json" }
      }).then(function (response) {
        if (!response.ok) throw new Error("not saved");
        return response.json();
      }).then(function (data) {
        var item = form.closest(".item");
        item.classList.toggle("is-done", data.done);
        state.value = data.done ? "0" : "1";
        button.setAttribute("aria-pressed", data.done ? "true" : "false");
        var title = item.querySelector(".item-title").textContent;
        button.setAttribute("aria-label", (data.done ? "Done: " : "Mark done: ") + title);
        button.querySelector("span").textContent = data.done ? "✓" : "";
      }).catch(function () {
        form.submit();  // fall back to a normal post, which shows any error
      }).finally(function () { button.disabled = false; });
    });
  });
})();
