// Tick items off without leaving the page; without this script the forms post and redirect.
// Offline, a tick is kept on this device (the last state of each item wins) and sent when the
// browser is back online. A tick is a set, not a toggle ("done=1" or "done=0"), so sending
// it again after a lost answer changes nothing. A kept tick leaves the device only when the
// server answers that it stored it (or refused it for good): logged out meanwhile (401) or
// holding a stale CSRF token (400 naming csrf_token), it waits, and the runner is told.
// The pain report is not kept offline: the page says it waits for the connection.
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
    return status;
  }

  // Logged out meanwhile: the note says so and links to the log-in page, which comes back here.
  function askToLogIn(count) {
    var status = note("Log in again to send " + madeOffline(count) + ".");
    if (!status) return;
    status.textContent = "";
    var link = document.createElement("a");
    link.href = "/auth/login?next=" + encodeURIComponent(location.pathname);
    link.textContent = "Log in again";
    status.append(link, " to send " + madeOffline(count) + ".");
  }

  // The session's CSRF token as the page shows it now: a kept tick carries the one of the page
  // it was made on, which a log-in since has replaced.
  function token() {
    var field = document.querySelector("input[name=csrf_token]");
    return field ? field.value : "";
  }

  // Read the token again from a fresh copy of this page (and put it in this page's forms);
  // null when the session has ended and the page sent us to log in.
  function freshToken() {
    return fetch(location.pathname, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok || response.redirected) return null;
      return response.text().then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var field = page.querySelector("input[name=csrf_token]");
        if (!field) return null;
        document.querySelectorAll("input[name=csrf_token]").forEach(function (input) {
          input.value = field.value;
        });
        return field.value;
      });
    });
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

  // What became of one kept tick: "sent" (stored), "refused" (for good: no longer a day to
  // tick, or not this runner's plan), "token" (stale CSRF token), "login" (logged out), or
  // "kept" (any other answer: tried again later). Only the first two let it go.
  function outcome(response) {
    return response.json().catch(function () { return null; }).then(function (data) {
      if (response.ok && data && data.ok === true) return "sent";
      if (response.status === 400 && data && data.ok === false) return "refused";
      if (response.status === 403 || response.status === 404) return "refused";
      if (response.status === 400 && data && data.error && data.error.field === "csrf_token") {
        return "token";
      }
      return response.status === 401 ? "login" : "kept";
    });
  }

  function sendKept(key, values, retried) {
    return post(values.action, Object.assign({}, values.fields, { csrf_token: token() }))
      .then(outcome).then(function (result) {
        if (result === "token" && !retried) {
          return freshToken().then(function (fresh) {
            return fresh ? sendKept(key, values, true) : "login";
          });
        }
        if (result === "sent" || result === "refused") {
          var left = kept();
          delete left[key];
          keep(left);
        }
        return result;
      });
  }

  function madeOffline(count) {
    return count + (count === 1 ? " tick" : " ticks") + " made offline";
  }

  // A send that failed while online (a flaky connection, a server restarting) is tried again
  // by itself, later and later, until the ticks are sent or the browser goes offline.
  var RETRY_SECONDS = [5, 15, 60, 300];
  var retries = 0, retryTimer = null;
  function retryLater() {
    if (retryTimer || !navigator.onLine) return;
    var wait = RETRY_SECONDS[Math.min(retries, RETRY_SECONDS.length - 1)];
    retries += 1;
    retryTimer = setTimeout(function () { retryTimer = null; sync(); }, wait * 1000);
  }

  var syncing = false;
  function sync() {
    var ticks = kept();
    var keys = Object.keys(ticks);
    if (syncing || !keys.length || !navigator.onLine) return;
    syncing = true;
    var loggedOut = false;
    keys.reduce(function (done, key) {
      return done.then(function () {
        if (loggedOut) return;  // the rest would be refused the same way
        return sendKept(key, ticks[key], false).then(function (result) {
          loggedOut = result === "login";
        });
      });
    }, Promise.resolve()).then(function () {
      var left = Object.keys(kept()).length;
      if (!left) { note(""); retries = 0; }
      else if (loggedOut) askToLogIn(left);
      else { note("Still waiting to be sent: " + madeOffline(left) + "."); retryLater(); }
    }).catch(retryLater)  // offline again: the next "online" event tries instead
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

  // A pain report needs the server (it may change the plan): offline, the page says so above
  // the button, and pressing it sends nothing, so the browser does not leave the page and
  // what was entered stays for when the connection is back.
  var OFFLINE_REPORT = "You are offline: this report is not sent yet. What you entered stays " +
    "here; press the button again when you are back online.";
  function reportNotices() {
    document.querySelectorAll("form[data-report]").forEach(function (form) {
      var notice = form.querySelector(".offline-report");
      if (!notice) {
        notice = document.createElement("p");
        notice.className = "offline-report alert";
        notice.setAttribute("role", "status");
        form.querySelector("button[type=submit]").before(notice);
      }
      notice.textContent = navigator.onLine ? "" : OFFLINE_REPORT;
      notice.hidden = navigator.onLine;
    });
  }
  document.querySelectorAll("form[data-report]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (navigator.onLine) return;
      event.preventDefault();
      reportNotices();
    });
  });
  window.addEventListener("offline", reportNotices);
  window.addEventListener("online", reportNotices);
  if (!navigator.onLine) reportNotices();

  window.addEventListener("online", sync);
  sync();
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js");
})();
