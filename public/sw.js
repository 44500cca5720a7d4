// castcheck's service worker: the app works offline once it has been opened, and a kiosk's
// preloaded election record is served from this device.
//
// Two caches, and never anything else:
// - SHELL: the app's own files (its page, script, wasm, style and configuration). The page is
//   fetched network-first, so a new release shows as soon as it is online; the script and wasm
//   names carry a content hash, so a cached copy is always the right one. Record files are never
//   put here, so nothing in this cache says which precinct a voter looked at.
// - RECORD: a whole election record, put there only by a kiosk's preload (every file of the
//   record, so it reveals no voter's precinct either). Requests it holds are answered from it.
//
// Updating: a changed sw.js installs, takes over at once, and deletes the caches of older
// versions. Bump VERSION whenever this file's caching changes.
const VERSION = 'v1';
const SHELL = `castcheck-shell-${VERSION}`;
const RECORD = 'castcheck-record';

self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('castcheck-shell-') && name !== SHELL) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// The app's own files: same origin, and the page, its assets or its configuration files.
function isShell(request, url) {
  if (url.origin !== self.location.origin) return false;
  if (request.mode === 'navigate') return true;
  const file = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
  return /\.(js|wasm|css|html)$/.test(file) || file === 'elections.json' || file === '';
}

async function fromShell(request, url) {
  const cache = await caches.open(SHELL);
  const hashed = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/.test(url.pathname);
  if (hashed) {
    const hit = await cache.match(request);
    if (hit) return hit;
  }
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (offline) {
    const hit = await cache.match(request, { ignoreSearch: request.mode === 'navigate' });
    if (hit) return hit;
    throw offline;
  }
}

async function respond(request) {
  const url = new URL(request.url);
  // Looking in a named cache that does not exist creates nothing.
  const preloaded = await caches.match(request, { cacheName: RECORD });
  if (preloaded) return preloaded;
  if (isShell(request, url)) return fromShell(request, url);
  return fetch(request);
}

// Only this origin's requests: records served from elsewhere go to their servers untouched (a
// kiosk that must work offline serves its record beside the app, or is given an archive).
self.addEventListener('fetch', (event) => {
  if (event.request.method !== 'GET' || new URL(event.request.url).origin !== self.location.origin) return;
  event.respondWith(respond(event.request));
});
