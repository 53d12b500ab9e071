/* The service worker of the participant pages, served as /f/sw.js so that its scope is /f/.

   It keeps the form pages and their fingerprinted assets in a cache so that a form opens
   in a room with no network: a form page is fetched from the network when it can be (and
   the copy refreshed), else taken from the cache; an asset whose address carries its
   content hash (?v=) never changes, so the cached copy is used first. Sending answers is
   not its business: form.js queues them in IndexedDB and retries itself. */
'use strict';
var CACHE = 'collect-v1';

self.addEventListener('install', function () { self.skipWaiting(); });
self.addEventListener('activate', function (event) { event.waitUntil(self.clients.claim()); });

/* Store a good response under its request; the event lives until the copy is stored. */
function keep(event, response) {
  var request = event.request;
  if (response.ok) {
    var copy = response.clone(), url = new URL(request.url);
    event.waitUntil(caches.open(CACHE).then(function (cache) {
      // A new fingerprint of a file makes the copies under its older ones useless.
      return cache.keys().then(function (keys) {
        return Promise.all(keys.filter(function (old) {
          var u = new URL(old.url);
          return url.searchParams.has('v') && u.pathname === url.pathname && u.href !== url.href;
        }).map(function (old) { return cache.delete(old); }));
      }).then(function () { return cache.put(request, copy); });
    }));
  }
  return response;
}

/* The cached page for this address, else one of the same form in another language — but
   never one made for another participant's access code. */
function offlineCopy(request) {
  var wanted = new URL(request.url);
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request).then(function (hit) {
      return hit || cache.keys().then(function (keys) {
        var near = keys.filter(function (key) {
          var url = new URL(key.url);
          return url.pathname === wanted.pathname && url.searchParams.get('code') === wanted.searchParams.get('code');
        })[0];
        return near ? cache.match(near) : Response.error();
      });
    });
  });
}

self.addEventListener('fetch', function (event) {
  var request = event.request, url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).then(function (response) { return keep(event, response); }, function () {
      return offlineCopy(request);
    }));
  } else if (url.searchParams.has('v')) {
    event.respondWith(caches.match(request).then(function (hit) {
      return hit || fetch(request).then(function (response) { return keep(event, response); });
    }));
  }
});
