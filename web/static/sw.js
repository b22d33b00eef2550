// The service worker (served from /sw.js, so its scope is the whole site):
// - keeps the last Today page and the static files, so Today opens and ticks offline
//   (tick.js keeps offline ticks on the device and sends them when back online);
// - keeps them for one viewer only: every page the server sends names whom it is for
//   (X-Viewer: "anon" when nobody is logged in, else a keyed hash of the account). A page for
//   nobody or for someone else (a session that idled out or ended on another device, another
//   person logging in on this browser) drops what was kept before anything new is kept; so do
//   logging out and deleting the account; and a kept Today that now answers 403, 404 or 410
//   (a coach whose athlete left) is dropped on its own;
// - answers any other page it cannot fetch offline: the start page (the installed app's
//   start_url, "/") with the last Today kept, anything else with a short page that links to
//   the Today pages kept on this device;
// - shows reminders pushed by the server (web push, VAPID) and opens the page they link to.
var PAGES = "rtr-pages-v1";
var TODAY = /^\/plans\/\d+\/today$/;
var LAST_TODAY = "/offline/last-today";  // in PAGES: the path of the Today kept last
var VIEWER = "/offline/viewer";  // in PAGES: whom the kept pages are for (their X-Viewer)
var NOBODY = "anon";
var ENDS = ["/auth/logout", "/auth/account/delete"];  // the kept pages leave with the session
var GONE = [403, 404, 410];  // a Today that is no longer this viewer's to see

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

// Every change to PAGES waits for the one before: a page is never kept after a later page
// has dropped what was kept for its viewer.
var changes = Promise.resolve();
function inTurn(change) {
  changes = changes.then(change).catch(function () {});
  return changes;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && ENDS.indexOf(url.pathname) !== -1) {
    // The kept pages hold health data: they leave the device with the session.
    event.waitUntil(inTurn(function () { return caches.delete(PAGES); }));
    return;
  }
  if (request.method !== "GET") return;
  var today = TODAY.test(url.pathname);
  if (!today && url.pathname.indexOf("/static/") !== 0) {
    if (request.mode === "navigate") {
      event.respondWith(fetch(request).then(function (response) {
        return forViewer(response).then(function () { return response; });
      }).catch(offlinePage(url)));
    }
    return;
  }
  var key = url.origin + url.pathname;  // Today with or without ?reported=1 is one page
  event.respondWith(fetch(request).then(function (response) {
    return forViewer(response).then(function () {
      if (today && GONE.indexOf(response.status) !== -1) {
        event.waitUntil(inTurn(function () { return forget(url.pathname); }));
      } else if (keepable(response, today)) {
        var copy = response.clone();
        event.waitUntil(inTurn(function () { return keep(key, copy, today && url.pathname); }));
      }
      return response;
    });
  }).catch(function () {
    return caches.match(key).then(function (kept) {
      return kept || (request.mode === "navigate" ? offlinePage(url)() : Response.error());
    });
  }));
});

// Drop what was kept unless this response is for the same viewer, and note whom it is for.
// A response that names nobody at all (a static file, JSON) changes nothing.
function forViewer(response) {
  var viewer = response.headers.get("X-Viewer");
  if (!viewer) return Promise.resolve();
  return inTurn(function () {
    return caches.open(PAGES).then(function (cache) {
      return cache.match(VIEWER).then(function (kept) { return kept ? kept.text() : null; });
    }).then(function (keptFor) {
      if (keptFor === viewer && viewer !== NOBODY) return null;
      return caches.delete(PAGES).then(function () {
        if (viewer === NOBODY) return null;
        return caches.open(PAGES).then(function (cache) {
          return cache.put(VIEWER, new Response(viewer));
        });
      });
    });
  });
}

// Only a page itself: not a redirect's end (the log-in page, once the session is over), and
// no Today that is for nobody.
function keepable(response, today) {
  if (!response.ok || response.type !== "basic" || response.redirected) return false;
  var viewer = response.headers.get("X-Viewer");
  return !today || (viewer !== null && viewer !== NOBODY);
}

function keep(key, copy, todayPath) {
  return caches.open(PAGES).then(function (cache) {
    var last = todayPath ? cache.put(LAST_TODAY, new Response(todayPath)) : null;
    return Promise.all([cache.put(key, copy), last]);
  });
}

// Drop one kept Today, and the start page's way to it if it was the last one kept.
function forget(path) {
  return caches.open(PAGES).then(function (cache) {
    return cache.match(LAST_TODAY).then(function (last) {
      return last ? last.text() : null;
    }).then(function (lastToday) {
      return Promise.all([
        cache.delete(self.location.origin + path),
        lastToday === path ? cache.delete(LAST_TODAY) : null
      ]);
    });
  });
}

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
