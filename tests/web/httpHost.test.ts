import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileInfo } from '../../engine/core/api/importSchema.js';
import {
  BYTES_API,
  ENGINE_METHODS,
  isBytesMethod,
  METHOD_NAMES,
  type MethodName,
  type ResponseOf,
} from '../../engine/core/api/schema.js';
import { resolveStaticPath, startHost, withoutPaths, type HostEngine } from '../../web/httpHost.js';

/** Echoes JSON calls, answers bytes methods with four bytes, refuses compareScenarios as the engine refuses a request. */
class FakeEngine implements HostEngine {
  calls: [MethodName, unknown][] = [];
  async call<M extends MethodName>(method: M, payload: unknown): Promise<ResponseOf<M>> {
    this.calls.push([method, payload]);
    if (method === 'compareScenarios')
      throw Object.assign(new Error('invalid compareScenarios request'), {
        name: 'EngineRequestError',
        issues: [{ path: 'x', message: 'bad' }],
      });
    return (isBytesMethod(method) ? Uint8Array.of(1, 2, 3, 4) : { echoed: payload }) as ResponseOf<M>;
  }
  uploads: [string, string][] = [];
  async registerUpload(name: string, body: AsyncIterable<Uint8Array>): Promise<FileInfo> {
    let text = '';
    for await (const chunk of body) text += String(chunk);
    this.uploads.push([name, text]);
    return { id: 'f1', name } as unknown as FileInfo;
  }
}

let server: Server;
let url: string;
/** The host's address without its key, for requests that add the key themselves (or test its absence). */
let base: string;
const TOKEN = 'k3y-for-this-test-only';
const auth = { authorization: `Bearer ${TOKEN}` };
/** fetch with the key, as the renderer calls the host. */
const call = (u: string, init: RequestInit = {}) =>
  fetch(u, { ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } });
const engine = new FakeEngine();
const root = mkdtempSync(join(tmpdir(), 'hsw-static-'));

beforeAll(async () => {
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  ({ server, url } = await startHost({ engine, staticDir: root, token: TOKEN }, 0));
  base = url.split('?')[0]!;
});
afterAll(() => server.close());

describe('local web host', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/\\?token=${TOKEN}$`));
  });
  it('serves the renderer with a strict Content-Security-Policy', async () => {
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect((await fetch(`${base}assets/app.js`)).headers.get('content-type')).toContain('javascript');
  });
  it('forwards API calls to the engine and returns JSON', async () => {
    const res = await call(`${base}api/evaluate`, {
      method: 'POST',
      body: JSON.stringify({ a: 1 }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ echoed: { a: 1 } });
    expect(engine.calls.at(-1)).toEqual(['evaluate', { a: 1 }]);
  });
  it('answers a rejected request with 400 and every issue', async () => {
    const res = await call(`${base}api/compareScenarios`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { message: 'invalid compareScenarios request', issues: [{ path: 'x', message: 'bad' }] },
    });
  });
  it('refuses a method outside the table with 400, without calling the engine', async () => {
    const before = engine.calls.length;
    // A bytes route takes a POST only when its table entry says so (the frame's custom signals); the issue log does not.
    for (const name of ['boom', 'getSnapshotFrame', 'import-issues.csv']) {
      const res = await call(`${base}api/${name}`, { method: 'POST', body: '{}' });
      expect(res.status, name).toBe(400);
      expect(await res.json()).toEqual({ error: { message: `unknown method "${name}"`, issues: [] } });
    }
    expect(engine.calls.length).toBe(before);
  });
  it('serves exactly the method table: POST /api/<method> for JSON methods, its own GET route for each bytes method', async () => {
    engine.calls.length = 0;
    for (const method of ENGINE_METHODS) {
      await call(`${base}api/${method}`, { method: 'POST', body: '{}' });
      expect(engine.calls.at(-1)?.[0], method).toBe(method);
      // JSON methods have no GET route.
      expect((await call(`${base}api/${method}`)).status, method).toBe(405);
    }
    for (const method of METHOD_NAMES.filter(isBytesMethod)) {
      const res = await call(`${base}api/${BYTES_API[method].bytes.http.path}`);
      expect(res.headers.get('content-type'), method).toBe('application/octet-stream');
      expect(engine.calls.at(-1)?.[0], method).toBe(method);
    }
    expect(engine.calls.map(([m]) => m)).toEqual(METHOD_NAMES);
    // The frame also answers a POST, its request the JSON body.
    const posted = await call(`${base}api/frame`, { method: 'POST', body: '{"cadence":"weekly"}' });
    expect(posted.headers.get('content-type')).toBe('application/octet-stream');
    expect(engine.calls.at(-1)).toEqual(['getSnapshotFrame', { cadence: 'weekly' }]);
  });
  it('answers malformed JSON with 400 without calling the engine', async () => {
    const before = engine.calls.length;
    const res = await call(`${base}api/evaluate`, { method: 'POST', body: '{nope' });
    expect(res.status).toBe(400);
    expect(engine.calls.length).toBe(before);
  });
  it('streams the snapshot frame as bytes, the cadence from the query (monthly when absent)', async () => {
    const res = await call(`${base}api/frame`);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(Array.from(new Uint8Array(await res.arrayBuffer()))).toEqual([1, 2, 3, 4]);
    expect(engine.calls.at(-1)).toEqual(['getSnapshotFrame', { cadence: 'monthly' }]);
    await call(`${base}api/frame?cadence=weekly`);
    expect(engine.calls.at(-1)).toEqual(['getSnapshotFrame', { cadence: 'weekly' }]);
  });
  it('streams an upload to the engine under its file name, and needs a name', async () => {
    const res = await call(`${base}api/upload?name=${encodeURIComponent('My Exports/accounts é.csv')}`, {
      method: 'POST',
      body: 'account_id\nA-1\n',
    });
    expect(await res.json()).toEqual({ id: 'f1', name: 'My Exports/accounts é.csv' });
    expect(engine.uploads).toEqual([['My Exports/accounts é.csv', 'account_id\nA-1\n']]);
    expect((await call(`${base}api/upload`, { method: 'POST', body: 'x' })).status).toBe(400);
    expect(
      (
        await call(`${base}api/upload?name=a.csv`, {
          method: 'POST',
          body: 'x',
          headers: { origin: 'http://evil.example' },
        })
      ).status,
    ).toBe(403);
  });
  it('refuses other Host headers (DNS rebinding) and cross-origin API calls', async () => {
    const port = new URL(url).port;
    const { request } = await import('node:http');
    const status = await new Promise<number>((ok) => {
      request({ host: '127.0.0.1', port, path: '/', headers: { host: `evil.example:${port}` } }, (r) =>
        ok(r.statusCode ?? 0),
      ).end();
    });
    expect(status).toBe(403);
    const res = await call(`${base}api/evaluate`, {
      method: 'POST',
      body: '{}',
      headers: { origin: 'http://evil.example' },
    });
    expect(res.status).toBe(403);
  });
  it('never serves files outside the renderer folder', () => {
    expect(resolveStaticPath(root, '/../etc/passwd')).toBeNull();
    expect(resolveStaticPath(root, '/%2e%2e/%2e%2e/etc/passwd')).toBeNull();
    expect(resolveStaticPath(root, '/assets/app.js')).toBe(join(root, 'assets', 'app.js'));
    expect(resolveStaticPath(root, '/')).toBe(join(root, 'index.html'));
  });
});

describe('the key of the local web host', () => {
  it('is required on every API call: none or a wrong one is 401 and reaches no engine', async () => {
    const before = engine.calls.length;
    for (const headers of [
      {} as Record<string, string>,
      { authorization: 'Bearer wrong' },
      { authorization: `Basic ${TOKEN}` },
      { authorization: `Bearer ${TOKEN}x` },
    ]) {
      const json = await fetch(`${base}api/evaluate`, { method: 'POST', body: '{}', headers });
      expect(json.status).toBe(401);
      expect(await json.json()).toEqual({ error: { message: expect.stringContaining('lacks the workbench key') } });
      expect((await fetch(`${base}api/frame`, { headers })).status).toBe(401);
      expect((await fetch(`${base}api/upload?name=a.csv`, { method: 'POST', body: 'x', headers })).status).toBe(401);
    }
    expect(engine.calls.length).toBe(before);
    expect(engine.uploads.length).toBeLessThanOrEqual(1);
  });
  it('opens the page only from the printed address; its scripts and styles need no key', async () => {
    const locked = await fetch(base);
    expect(locked.status).toBe(401);
    expect(await locked.text()).toContain('?token=');
    expect((await fetch(`${base}index.html`)).status).toBe(401);
    expect((await fetch(`${base}?token=nope`)).status).toBe(401);
    expect((await fetch(url)).status).toBe(200);
    expect((await fetch(`${base}assets/app.js`)).status).toBe(200);
  });
});

describe('limits of the local web host', () => {
  it('answers a JSON body over 8 MB with 413, declared or not, and keeps serving', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(9 * 2 ** 20) });
    const declared = await call(`${base}api/evaluate`, { method: 'POST', body: big });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({ error: { message: 'request body over 8 MB' } });
    // Streamed without a length: the host reads past the limit, drops the rest and still answers.
    const chunks = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 10; i++) c.enqueue(new Uint8Array(2 ** 20).fill(32));
        c.close();
      },
    });
    const streamed = await call(`${base}api/evaluate`, { method: 'POST', body: chunks, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await call(`${base}api/evaluate`, { method: 'POST', body: '{}' })).status).toBe(200);
  });
  it('sends no absolute path of this computer in an error', async () => {
    const failing = new FakeEngine();
    failing.call = async () => {
      throw new Error('could not open /home/ana/.health-score-workbench/workspaces/Q3.hsw/data-2.duckdb (EACCES)');
    };
    const other = await startHost({ engine: failing, staticDir: root, token: TOKEN }, 0);
    try {
      const res = await call(`${other.url.split('?')[0]}api/getDataset`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: { message: 'could not open data-2.duckdb (EACCES)', issues: [] } });
    } finally {
      other.server.close();
    }
  });
  it('keeps file names and ordinary text when taking paths out', () => {
    expect(withoutPaths('“/Users/ana/Exports/accounts 2024.csv” has no header')).toBe(
      '“/Users/ana/Exports/accounts 2024.csv” has no header'.replace('/Users/ana/Exports/accounts', 'accounts'),
    );
    expect(withoutPaths('read C:\\Users\\ana\\usage.csv failed')).toBe('read usage.csv failed');
    expect(withoutPaths('weights 40/60 and 1/2 of accounts')).toBe('weights 40/60 and 1/2 of accounts');
    expect(withoutPaths('accounts.csv: line 4: blank id')).toBe('accounts.csv: line 4: blank id');
  });
});
