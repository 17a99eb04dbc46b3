/**
 * The local web host: the same renderer and the same engine API as the
 * desktop app, over HTTP on 127.0.0.1. Used for development, the end-to-end
 * tests and benchmarks (Electron cannot run everywhere). Routes come from the
 * method table: `POST /api/<method>` for JSON methods, each bytes method's
 * own GET route; `POST /api/upload` is the host's way in for files.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import type { Engine, FileIntake } from '../engine/core/api/engine.js';
import {
  BYTES_API,
  BYTES_METHODS,
  isEngineMethod,
  type BytesMethod,
  type BytesRoute,
} from '../engine/core/api/schema.js';
import { CONTENT_SECURITY_POLICY } from '../renderer/csp.js';
import { MAX_UPLOAD_BYTES, safeFileName, UploadTooLargeError } from '../engine/node/service/fileIntake.js';

/** The engine as the web host needs it: the method table, and files streamed from the browser. */
export type HostEngine = Engine & Pick<FileIntake, 'registerUpload'>;

/** Bytes methods by their GET path under /api/. */
const BYTES_ROUTES = new Map<string, BytesMethod>(BYTES_METHODS.map((m) => [BYTES_API[m].bytes.http.path, m]));

/** A bytes method's request from its query string, absent parameters at their defaults. */
function queryRequest(method: BytesMethod, search: URLSearchParams): Record<string, string> {
  const { query: defaults, optional = [] }: BytesRoute['http'] = BYTES_API[method].bytes.http;
  const given = optional.flatMap((name) => {
    const v = search.get(name);
    return v === null ? [] : [[name, v] as const];
  });
  return Object.fromEntries([
    ...Object.entries(defaults).map(([name, fallback]) => [name, search.get(name) ?? fallback]),
    ...given,
  ]);
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/** JSON requests are configurations and settings: 8 MB is generous; files arrive through /api/upload. */
const MAX_BODY = 8 * 1024 * 1024;

class BodyTooLarge extends Error {}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** Map a URL path to a file inside `root`, or null when it would escape it. */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const rel = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const rootAbs = resolve(root);
  const file = resolve(rootAbs, rel);
  return file === rootAbs || file.startsWith(rootAbs + sep) ? file : null;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

/** The body, or BodyTooLarge past MAX_BODY: the rest is drained (not read into memory) so the client gets its 413. */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) over = true;
      if (!over) chunks.push(c);
    });
    req.on('end', () => (over ? fail(new BodyTooLarge()) : ok(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', fail);
  });
}

/**
 * Absolute paths out of a message sent to the page: they name the user's folders
 * (home, workspaces) and say nothing the user needs; the file's own name stays.
 */
export function withoutPaths(message: string): string {
  return message
    .replace(/(^|[\s'"(“])((?:\/[^\s'"()/”]+)+\/([^\s'"()/”]+))/g, '$1$3')
    .replace(/(^|[\s'"(“])([A-Za-z]:\\(?:[^\s'"()\\”]+\\)*([^\s'"()\\”]+))/g, '$1$3');
}

/** Constant-time comparison: the key must not leak through response timing. */
function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function bearer(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice('Bearer '.length) : null;
}

const LOCKED_PAGE = `<!doctype html><meta charset="utf-8"><title>Health Score Workbench</title>
<p style="font-family:sans-serif;max-width:40em;margin:4em auto">This address needs the key the workbench printed when it
started: open the full address from its terminal (it ends in <code>?token=…</code>). The key keeps other programs on this
computer away from your data.</p>`;

interface ErrorWithIssues extends Error {
  issues?: { path: string; message: string }[];
}

export interface HostOptions {
  engine: HostEngine;
  staticDir: string;
  /** Ports the Host header may name; guards against DNS rebinding. */
  port: () => number;
  /** The per-launch key every API call and the page itself must carry. */
  token: string;
}

export function createRequestHandler(opts: HostOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const host = req.headers.host ?? '';
    const allowedHosts = new Set([`127.0.0.1:${opts.port()}`, `localhost:${opts.port()}`]);
    if (!allowedHosts.has(host)) {
      sendJson(res, 403, { error: { message: 'forbidden host' } });
      return;
    }
    const url = req.url ?? '/';
    try {
      if (url.startsWith('/api/')) {
        const origin = req.headers.origin;
        if (origin && !allowedHosts.has(origin.replace(/^http:\/\//, ''))) {
          sendJson(res, 403, { error: { message: 'cross-origin request refused' } });
          return;
        }
        if (!sameToken(bearer(req), opts.token)) {
          sendJson(res, 401, {
            error: { message: 'this request lacks the workbench key (open the address the host printed)' },
          });
          return;
        }
        const method = url.slice('/api/'.length).split('?')[0]!;
        const bytesMethod = BYTES_ROUTES.get(method);
        const sendBytes = (bytes: Uint8Array) => {
          res.writeHead(200, {
            ...SECURITY_HEADERS,
            'Content-Type': 'application/octet-stream',
            'Content-Length': bytes.byteLength,
            'Cache-Control': 'no-store',
          });
          res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        };
        if (bytesMethod && req.method === 'GET') {
          sendBytes(
            await opts.engine.call(bytesMethod, queryRequest(bytesMethod, new URL(url, 'http://host').searchParams)),
          );
          return;
        }
        if (req.method !== 'POST') {
          sendJson(res, 405, { error: { message: 'use POST' } });
          return;
        }
        if (method === 'upload') {
          // Raw bytes, any size (exports run to gigabytes): streamed to disk, never buffered.
          const name = new URL(url, 'http://host').searchParams.get('name') ?? '';
          if (Number(req.headers['content-length'] ?? 0) > MAX_UPLOAD_BYTES) {
            sendJson(res, 413, {
              error: { message: new UploadTooLargeError(safeFileName(name), MAX_UPLOAD_BYTES).message },
            });
            req.resume();
            return;
          }
          if (name.trim() === '') {
            sendJson(res, 400, { error: { message: 'upload needs ?name=<file name>' } });
            return;
          }
          sendJson(res, 200, await opts.engine.registerUpload(name, req));
          return;
        }
        const declared = Number(req.headers['content-length'] ?? 0);
        if (declared > MAX_BODY) {
          sendJson(res, 413, { error: { message: `request body over ${MAX_BODY / 2 ** 20} MB` } });
          req.resume();
          return;
        }
        let text: string;
        try {
          text = await readBody(req);
        } catch (err) {
          if (!(err instanceof BodyTooLarge)) throw err;
          sendJson(res, 413, { error: { message: `request body over ${MAX_BODY / 2 ** 20} MB` } });
          return;
        }
        let payload: unknown;
        try {
          payload = text.trim() === '' ? {} : JSON.parse(text);
        } catch {
          sendJson(res, 400, { error: { message: 'request body is not valid JSON' } });
          return;
        }
        const route: BytesRoute['http'] | undefined = bytesMethod && BYTES_API[bytesMethod].bytes.http;
        if (bytesMethod && route?.post === true) {
          if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
            sendJson(res, 400, { error: { message: `${bytesMethod}: the request must be a JSON object` } });
            return;
          }
          sendBytes(await opts.engine.call(bytesMethod, payload));
          return;
        }
        if (!isEngineMethod(method)) {
          sendJson(res, 400, { error: { message: `unknown method ${JSON.stringify(method)}`, issues: [] } });
          return;
        }
        sendJson(res, 200, await opts.engine.call(method, payload));
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        sendJson(res, 405, { error: { message: 'method not allowed' } });
        return;
      }
      const pathname = url.split('?')[0]!;
      if (pathname === '/' || pathname === '/index.html') {
        const key = new URL(url, 'http://host').searchParams.get('token') ?? bearer(req);
        if (!sameToken(key, opts.token)) {
          res.writeHead(401, {
            ...SECURITY_HEADERS,
            'Content-Type': 'text/html; charset=utf-8',
            'Cache-Control': 'no-store',
          });
          res.end(LOCKED_PAGE);
          return;
        }
      }
      const file = resolveStaticPath(opts.staticDir, url);
      const stat = file ? statSync(file, { throwIfNoEntry: false }) : undefined;
      if (!file || !stat?.isFile()) {
        res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('not found');
        return;
      }
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
        'Content-Length': stat.size,
        'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'public, max-age=3600',
      });
      if (req.method === 'HEAD') res.end();
      else createReadStream(file).pipe(res);
    } catch (err) {
      const e = err as ErrorWithIssues;
      const status = e.name === 'UploadTooLargeError' ? 413 : e.name === 'EngineRequestError' ? 400 : 500;
      const issues = (e.issues ?? []).map((i) => ({ path: i.path, message: withoutPaths(i.message) }));
      sendJson(res, status, { error: { message: withoutPaths(e.message), issues } });
    }
  };
}

/** A fresh key per launch: 32 random bytes, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function startHost(opts: Omit<HostOptions, 'port'>, port: number): Promise<{ server: Server; url: string }> {
  let actualPort = port;
  const server = createServer((req, res) => void createRequestHandler({ ...opts, port: () => actualPort })(req, res));
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      const addr = server.address();
      if (addr && typeof addr === 'object') actualPort = addr.port;
      ok({ server, url: `http://127.0.0.1:${actualPort}/?token=${opts.token}` });
    });
  });
}
