// Tick items off without leaving the page; without this script the forms post and redirect.
// Offline, a tick is kept on this device (the last state of each item wins) and sent when the
// browser is back online. A tick is a set, not a toggle ("done=1" or "done=0"), so sending
// it again after a lost answer changes nothing.
(function () {
  var KEY = "rtr-offline-ticks";

  function kept() {
    try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch (e) { return {}; }
  }
  function keep(ticks) {
    if (Object.keys(ticks).length) localStorage.setItem(KEY, JSON.stringify(ticks));
    else localStorage.removeItem(KEY);
  }
  function fields(form) {
    var out = {};
    new FormData(form).forEach(function (value, name) { out[name] = value; });
    return out;
  }
  function tickKey(action, values) { return action + "|" + values.date + "|" + values.item; }

  function show(form, done) {
    var item = form.closest(".item");
    var button = form.querySelector("button");
    item.classList.toggle("is-done", done);
    form.querySelector("input[name=done]").value = done ? "0" : "1";
    button.setAttribute("aria-pressed", done ? "true" : "false");
    var title = item.querySelector(".item-title").textContent;
    button.setAttribute("aria-label", (done ? "Done: " : "Mark done: ") + title);
    button.querySelector("span").textContent = done ? "✓" : "";
    count();
  }

  // "2 of 7 done" on the session card and above the list follows the ticks.
  function count() {
    var done = document.querySelectorAll("form[data-tick] button[aria-pressed=true]").length;
    document.querySelectorAll("[data-progress]").forEach(function (out) {
      var total = Number(out.getAttribute("data-total"));
      out.textContent = done + " of " + total + " done";
      var meter = out.parentNode.querySelector("[data-meter]");
      if (meter && total) meter.style.width = Math.round(100 * done / total) + "%";
    });
  }

  function note(text) {
    var status = document.getElementById("offline-note");
    var list = document.querySelector("ul.items");
    if (!status && list && text) {
      status = document.createElement("p");
      status.id = "offline-note";
      status.className = "hint";
      status.setAttribute("role", "status");
      list.parentNode.insertBefore(status, list);
    }
    if (status) status.textContent = text;
  }

  function post(action, values) {
    return fetch(action, {
      method: "POST", body: new URLSearchParams(values), credentials: "same-origin",
      headers: { "Accept": "application/json" }
    });
  }

  function keepOffline(form, values) {
    var ticks = kept();
    ticks[tickKey(form.action, values)] = { action: form.action, fields: values };
    keep(ticks);
    show(form, values.done === "1");
    note("Saved on this device: it is sent when you are back online.");
  }

  var syncing = false;
  function sync() {
    var ticks = kept();
    var keys = Object.keys(ticks);
    if (syncing || !keys.length || !navigator.onLine) return;
    syncing = true;
    keys.reduce(function (done, key) {
      return done.then(function () {
        return post(ticks[key].action, ticks[key].fields).then(function (response) {
          // Stored (200), or refused for good (400: no longer a day to tick): either way done.
          if (response.ok || response.status === 400) {
            var left = kept();
            delete left[key];
            keep(left);
          }
        });
      });
    }, Promise.resolve()).then(function () {
      note(Object.keys(kept()).length ? "Some ticks are still waiting to be sent." : "");
    }).catch(function () { /* still offline: the next "online" event tries again */ })
      .finally(function () { syncing = false; });
  }

  document.querySelectorAll("form[data-tick]").forEach(function (form) {
    var waiting = kept()[tickKey(form.action, fields(form))];
    if (waiting) show(form, waiting.fields.done === "1");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var values = fields(form);
      if (!navigator.onLine) { keepOffline(form, values); return; }
      var button = form.querySelector("button");
      // Not disabled while it is sent: a disabled button drops keyboard focus; it stays put.
      if (button.getAttribute("aria-busy") === "true") return;
      button.setAttribute("aria-busy", "true");
      post(form.action, values).then(function (response) {
        if (!response.ok) throw new Error("not saved");
        return response.json().then(function (data) { show(form, data.done); });
      }, function () {
        keepOffline(form, values);  // the network failed, not the server
      }).catch(function () {
        form.submit();  // fall back to a normal post, which shows any error
      }).finally(function () {
        button.removeAttribute("aria-busy");
        if (document.activeElement === document.body) button.focus();
      });
    });
  });
  if (Object.keys(kept()).length) note("Saved on this device: it is sent when you are back online.");

  window.addEventListener("online", sync);
  sync();
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js");
})();
