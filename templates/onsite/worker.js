{% load static %}// The scanning page's service worker: the page, its script and style and the offline
// bundle come from the network when it answers, and from this cache when it does not.
const CACHE = "plenary-onsite-v2";
const SHELL = [
  "{% static 'css/plenary.css' %}",
  "{% static 'css/onsite.css' %}",
  "{% static 'js/site.js' %}",
  "{% static 'js/vendor/jsqr/jsQR.js' %}",
  "{% static 'js/onsite/credential.js' %}",
  "{% static 'js/onsite/scanner.js' %}",
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  // A new version of the page's files replaces the cache of the one before.
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

function kept(url) {
  return url.pathname.startsWith("/onsite/lists/") || url.pathname.endsWith("/offline/") ||
    SHELL.includes(url.pathname);
}

// An answer from the cache says so: the page then knows the server did not answer (and
// keeps what it decided alone since, instead of the older copy).
function fromCache(hit) {
  const headers = new Headers(hit.headers);
  headers.set("X-Plenary-Offline", "1");
  return new Response(hit.body, { status: hit.status, statusText: hit.statusText, headers });
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin || !kept(url)) return;
  event.respondWith(
    fetch(event.request).then((answer) => {
      if (answer.ok) {
        const copy = answer.clone();
        caches.open(CACHE).then((cache) => cache.put(event.request, copy));
      }
      return answer;
    }).catch(() => caches.match(event.request).then((hit) => (hit ? fromCache(hit) : Response.error()))),
  );
});
