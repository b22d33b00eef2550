// "Allow on this device": register the service worker, ask for permission, subscribe with the
// site's VAPID key and send the subscription to the server. Without it, e-mail still works.
(function () {
  var state = document.getElementById("push-state");
  var button = document.getElementById("push-allow");
  if (!state || !button) return;
  if (!("serviceWorker" in navigator) || !("PushManager" in window)) {
    state.textContent = "This browser cannot receive push messages: choose e-mail.";
    return;
  }
  function key(base64) {
    var padded = (base64 + "===".slice((base64.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(padded), function (c) { return c.charCodeAt(0); });
  }
  button.addEventListener("click", function () {
    var token = document.querySelector("input[name=csrf_token]").value;
    navigator.serviceWorker.register("/sw.js").then(function (registration) {
      return registration.pushManager.subscribe({
        userVisibleOnly: true, applicationServerKey: key(state.dataset.vapidKey)
      });
    }).then(function (subscription) {
      return fetch(state.dataset.subscribe, {
        method: "POST", credentials: "same-origin", body: JSON.stringify(subscription),
        headers: { "Content-Type": "application/json", "X-CSRFToken": token }
      });
    }).then(function (response) {
      if (response.ok) {
        state.textContent = "Push messages will reach this device.";
        return;
      }
      // The server says why, e.g. a push service it does not send to (e-mail still works).
      return response.json().then(function (answer) { return answer.message; }, function () {
        return null;
      }).then(function (why) {
        state.textContent = why || "This device could not be registered. Try again.";
      });
    }).catch(function () {
      state.textContent = "Push messages were not allowed on this device.";
    });
  });
})();
