// The service worker (served from /sw.js, so its scope is the whole site):
// - keeps the last Today page and the static files, so Today opens and ticks offline
//   (tick.js keeps offline ticks on the device and sends them when back online);
// - answers any other page it cannot fetch offline: the start page (the installed app's
//   start_url, "/") with the last Today kept, anything else with a short page that links to
//   the Today pages kept on this device;
// - shows reminders pushed by the server (web push, VAPID) and opens the page they link to.
var PAGES = "rtr-pages-v1";
var TODAY = /^\/plans\/\d+\/today$/;
var LAST_TODAY = "/offline/last-today";  // in PAGES: the path of the Today kept last

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
  if (!today && url.pathname.indexOf("/static/") !== 0) {
    if (request.mode === "navigate") event.respondWith(fetch(request).catch(offlinePage(url)));
    return;
  }
  var key = url.origin + url.pathname;  // Today with or without ?reported=1 is one page
  event.respondWith(fetch(request).then(function (response) {
    // Not a redirect's end (the log-in page, once the session is over): only Today itself.
    if (response.ok && response.type === "basic" && !response.redirected) {
      var copy = response.clone();
      event.waitUntil(caches.open(PAGES).then(function (cache) {
        var last = today ? cache.put(LAST_TODAY, new Response(url.pathname)) : null;
        return Promise.all([cache.put(key, copy), last]);
      }));
    }
    return response;
  }).catch(function () {
    return caches.match(key).then(function (kept) {
      return kept || (request.mode === "navigate" ? offlinePage(url)() : Response.error());
    });
  }));
});

// What a page navigation gets when the network fails: for the start page, the last Today kept
// (by a redirect, so its address and forms are its own); else a page linking to what is kept.
function offlinePage(url) {
  return function () {
    return caches.open(PAGES).then(function (cache) {
      return cache.match(LAST_TODAY).then(function (last) {
        return last ? last.text() : null;
      }).then(function (lastToday) {
        if (url.pathname === "/" && lastToday) return Response.redirect(lastToday, 302);
        return cache.keys().then(function (requests) {
          var todays = requests.map(function (kept) { return new URL(kept.url).pathname; })
            .filter(function (path) { return TODAY.test(path); });
          return new Response(offlineHtml(todays), {
            headers: { "Content-Type": "text/html; charset=utf-8" }
          });
        });
      });
    });
  };
}

function offlineHtml(todays) {
  var kept = todays.length
    ? "<p>Kept on this device, with any ticks you make:</p><ul>" + todays.map(function (path) {
      return '<li><a href="' + path + '">Today (plan ' + path.split("/")[2] + ")</a></li>";
    }).join("") + "</ul>"
    : "<p>Nothing is kept on this device yet: open a plan's Today once while online, " +
      "and it opens here offline.</p>";
  return '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    "<title>Offline · Return to run</title>" +
    '<link rel="stylesheet" href="/static/style.css"></head><body><main id="main">' +
    "<h1>You are offline</h1><p>This page needs a connection.</p>" + kept +
    "</main></body></html>";
}

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
