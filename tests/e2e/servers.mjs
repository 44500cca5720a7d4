// Local HTTP servers for the browser tests: the release build, and tampered copies of the demo
// record. Both listen on 127.0.0.1 only, log every request, and are closed by the tests.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import zlib from 'node:zlib';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css',
  '.json': 'application/json', '.csv': 'text/csv', '.png': 'image/png', '.svg': 'image/svg+xml' };

function listen(handler) {
  const log = [];
  // What each response put on the wire: its path and body bytes (after any compression).
  const sent = [];
  const server = http.createServer((req, res) => {
    log.push(`${req.method} ${req.url} ${JSON.stringify(req.headers)}`);
    handler(req, res, sent);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () =>
    resolve({ url: `http://127.0.0.1:${server.address().port}/`, log, sent, close: () => { server.close(); server.closeAllConnections(); } })));
}

function send(res, status, body, type, cors, encoding) {
  const headers = { 'content-type': type || 'application/octet-stream', 'cache-control': 'no-store' };
  if (cors) headers['access-control-allow-origin'] = '*';
  if (encoding) headers['content-encoding'] = encoding;
  // As static hosts do: the length of the bytes on the wire (the encoded ones, when compressed).
  headers['content-length'] = Buffer.byteLength(body);
  res.writeHead(status, headers);
  res.end(body);
}

/**
 * Serves `root` (the trunk dist directory, or a record with `cors`). With `gzip`, every file goes
 * gzipped to a client that accepts it, as a real web host sends it (the benchmarks measure the
 * bytes on the wire).
 */
export function serveDir(root, cors = false, { gzip = false } = {}) {
  const compressed = new Map();
  return listen((req, res, sent) => {
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.resolve(root, rel);
    if (!file.startsWith(path.resolve(root)) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      return send(res, 404, 'not found', 'text/plain');
    }
    let body = fs.readFileSync(file);
    let encoding;
    if (gzip && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
      if (!compressed.has(file)) compressed.set(file, zlib.gzipSync(body, { level: 6 }));
      body = compressed.get(file);
      encoding = 'gzip';
    }
    sent.push({ path: rel, bytes: body.length });
    send(res, 200, body, TYPES[path.extname(file)], cors, encoding);
  });
}

/** Serves `/<variant>/<path>`: the demo record's file, changed by `variants[variant]` (CORS on). */
export function serveTampered(recordDir, variants) {
  return listen((req, res) => {
    const [, variant, ...rest] = new URL(req.url, 'http://x').pathname.split('/');
    const rel = rest.join('/');
    const change = variants[variant];
    const file = path.resolve(recordDir, rel);
    if (!change || !file.startsWith(path.resolve(recordDir))) return send(res, 404, 'not found', 'text/plain', true);
    const replaced = change(rel, (p) => fs.readFileSync(path.resolve(recordDir, p)));
    if (replaced !== undefined) return send(res, 200, replaced, 'application/json', true);
    if (!fs.existsSync(file)) return send(res, 404, 'not found', 'text/plain', true);
    send(res, 200, fs.readFileSync(file), 'application/json', true);
  });
}

/** Canonical JSON as the record format defines it: sorted keys, no spaces. */
export function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const authorityPrivateKey = (keyHex) => crypto.createPrivateKey({
  key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(keyHex, 'hex')]),
  format: 'der', type: 'pkcs8' });

/**
 * A C2SP signed note of `text` signed with `privateKey` under the key name `name`, as the
 * signed-note standard defines it: key ID = SHA-256(name || 0x0A || 0x01 || public key)[:4].
 */
function signNote(text, name, privateKey) {
  const publicKey = crypto.createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(-32);
  const id = crypto.createHash('sha256').update(Buffer.concat([Buffer.from(`${name}\n`), Buffer.from([1]), publicKey])).digest().subarray(0, 4);
  const signature = crypto.sign(null, Buffer.from(text), privateKey);
  return `${text}\n\u2014 ${name} ${Buffer.concat([id, signature]).toString('base64')}\n`;
}

/** The text (origin, size, root, extension lines) of a signed checkpoint note. */
export const checkpointText = (note) => note.slice(0, note.indexOf('\n\n') + 1);

/** The checkpoint `text` signed by a fresh Ed25519 key that is not the authority's. */
export function resignCheckpoint(text) {
  return signNote(text, text.split('\n')[0], crypto.generateKeyPairSync('ed25519').privateKey);
}

/** The checkpoint `text` signed by the authority (its secret key ships with the demo). */
export function signCheckpointAsAuthority(text, keyHex) {
  return signNote(text, text.split('\n')[0], authorityPrivateKey(keyHex));
}

const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

/**
 * Plays the authority (whose secret key the demo ships in demo/authority-key.json): the sealed
 * file at `path` with contents `body`, sealed for the record in `recordDir` as record format 2
 * defines it.
 */
export function sealAsAuthority(recordDir, keyHex, path, body) {
  const manifest = fs.readFileSync(`${recordDir}/manifest.json`);
  const election = sha256(Buffer.concat([Buffer.from('castcheck/v2/manifest\0'), manifest]));
  const [, size, root] = fs.readFileSync(`${recordDir}/board/checkpoint`, 'utf8').split('\n');
  const head = { root: Buffer.from(root, 'base64').toString('hex'), size: Number(size) };
  const statement = { body_sha256: sha256(Buffer.from(canonicalJson(body))), election, head, path };
  const key = authorityPrivateKey(keyHex);
  const message = Buffer.concat([Buffer.from('castcheck/v2/file-seal\0'), Buffer.from(canonicalJson(statement))]);
  const signature = crypto.sign(null, message, key).toString('hex');
  return Buffer.from(canonicalJson({ body, seal: { head, signature } }));
}

/**
 * Serves the demo record under `/<how>/`, except that `manifest.json` arrives in a hostile way:
 * `chunked` (no length, more than any manifest may be), `bomb` (a small gzip body that inflates
 * past the limit), `endless` (a stream that only ends after 16 MiB), `slow` (one byte a second,
 * for a minute at most) or `redirect` (a 302 to the real file). Every loop ends by itself.
 */
export function serveHostile(recordDir) {
  const cors = { 'access-control-allow-origin': '*', 'cache-control': 'no-store' };
  return listen((req, res) => {
    const [, how, ...rest] = new URL(req.url, 'http://x').pathname.split('/');
    const rel = rest.join('/');
    const file = path.resolve(recordDir, rel);
    if (!file.startsWith(path.resolve(recordDir)) || !fs.existsSync(file)) return send(res, 404, 'not found', 'text/plain', true);
    if (rel !== 'manifest.json') return send(res, 200, fs.readFileSync(file), 'application/json', true);
    const stream = (chunk, count, everyMs) => {
      res.writeHead(200, { ...cors, 'content-type': 'application/json' });
      let sent = 0;
      const timer = setInterval(() => {
        if (sent >= count || res.destroyed) { clearInterval(timer); res.end(); return; }
        res.write(chunk); sent += 1;
      }, everyMs);
      res.on('close', () => clearInterval(timer));
    };
    switch (how) {
      case 'chunked': return stream(Buffer.alloc(256 << 10, 0x20), 24, 1);
      case 'endless': return stream(Buffer.alloc(64 << 10, 0x20), 256, 5);
      case 'slow': return stream(Buffer.from(' '), 60, 1000);
      case 'bomb': {
        const body = zlib.gzipSync(Buffer.alloc(16 << 20, 0x20));
        res.writeHead(200, { ...cors, 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': body.length });
        return res.end(body);
      }
      case 'redirect':
        res.writeHead(302, { ...cors, location: `/plain/${rel}` });
        return res.end();
      default: return send(res, 200, fs.readFileSync(file), 'application/json', true);
    }
  });
}
