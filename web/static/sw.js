// The service worker (served from /sw.js, so its scope is the whole site):
// - keeps the last Today page and the static files, so Today opens and ticks offline
//   (tick.js keeps offline ticks on the device and sends them when back online);
// - shows reminders pushed by the server (web push, VAPID) and opens the page they link to.
var PAGES = "rtr-pages-v1";
var TODAY = /^\/plans\/\d+\/today$/;

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname === "/auth/logout") {
    // The kept pages hold health data: they leave the device with the session.
    event.waitUntil(caches.delete(PAGES));
    return;
  }
  if (request.method !== "GET") return;
  var today = TODAY.test(url.pathname);
  if (!today && url.pathname.indexOf("/static/") !== 0) return;
  var key = url.origin + url.pathname;  // Today with or without ?reported=1 is one page
  event.respondWith(fetch(request).then(function (response) {
    // Not a redirect's end (the log-in page, once the session is over): only Today itself.
    if (response.ok && response.type === "basic" && !response.redirected) {
      var copy = response.clone();
      event.waitUntil(caches.open(PAGES).then(function (cache) { return cache.put(key, copy); }));
    }
    return response;
  }).catch(function () {
    return caches.match(key).then(function (kept) { return kept || Response.error(); });
  }));
});

self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = {}; }
  event.waitUntil(self.registration.showNotification(data.title || "Return to run", {
    body: data.body || "", data: { url: data.url || "/" }
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = (event.notification.data && event.notification.data.url) || "/";
  event.waitUntil(self.clients.openWindow(url));
});
