import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileInfo } from '../../engine/core/api/importSchema.js';
import { BYTES_API, ENGINE_METHODS, isBytesMethod, METHOD_NAMES, type MethodName, type ResponseOf } from '../../engine/core/api/schema.js';
import { resolveStaticPath, startHost, type HostEngine } from '../../web/httpHost.js';

/** Echoes JSON calls, answers bytes methods with four bytes, refuses compareScenarios as the engine refuses a request. */
class FakeEngine implements HostEngine {
  calls: [MethodName, unknown][] = [];
  async call<M extends MethodName>(method: M, payload: unknown): Promise<ResponseOf<M>> {
    this.calls.push([method, payload]);
    if (method === 'compareScenarios') throw Object.assign(new Error('invalid compareScenarios request'), { name: 'EngineRequestError', issues: [{ path: 'x', message: 'bad' }] });
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
const engine = new FakeEngine();
const root = mkdtempSync(join(tmpdir(), 'hsw-static-'));

beforeAll(async () => {
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  ({ server, url } = await startHost({ engine, staticDir: root }, 0));
});
afterAll(() => server.close());

describe('local web host', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });
  it('serves the renderer with a strict Content-Security-Policy', async () => {
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect((await fetch(`${url}assets/app.js`)).headers.get('content-type')).toContain('javascript');
  });
  it('forwards API calls to the engine and returns JSON', async () => {
    const res = await fetch(`${url}api/evaluate`, { method: 'POST', body: JSON.stringify({ a: 1 }), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ echoed: { a: 1 } });
    expect(engine.calls.at(-1)).toEqual(['evaluate', { a: 1 }]);
  });
  it('answers a rejected request with 400 and every issue', async () => {
    const res = await fetch(`${url}api/compareScenarios`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { message: 'invalid compareScenarios request', issues: [{ path: 'x', message: 'bad' }] } });
  });
  it('refuses a method outside the table with 400, without calling the engine', async () => {
    const before = engine.calls.length;
    for (const name of ['boom', 'frame', 'getSnapshotFrame']) {
      const res = await fetch(`${url}api/${name}`, { method: 'POST', body: '{}' });
      expect(res.status, name).toBe(400);
      expect(await res.json()).toEqual({ error: { message: `unknown method "${name}"`, issues: [] } });
    }
    expect(engine.calls.length).toBe(before);
  });
  it('serves exactly the method table: POST /api/<method> for JSON methods, its own GET route for each bytes method', async () => {
    engine.calls.length = 0;
    for (const method of ENGINE_METHODS) {
      await fetch(`${url}api/${method}`, { method: 'POST', body: '{}' });
      expect(engine.calls.at(-1)?.[0], method).toBe(method);
      // JSON methods have no GET route.
      expect((await fetch(`${url}api/${method}`)).status, method).toBe(405);
    }
    for (const method of METHOD_NAMES.filter(isBytesMethod)) {
      const res = await fetch(`${url}api/${BYTES_API[method].bytes.http.path}`);
      expect(res.headers.get('content-type'), method).toBe('application/octet-stream');
      expect(engine.calls.at(-1)?.[0], method).toBe(method);
    }
    expect(engine.calls.map(([m]) => m)).toEqual(METHOD_NAMES);
  });
  it('answers malformed JSON with 400 without calling the engine', async () => {
    const before = engine.calls.length;
    const res = await fetch(`${url}api/evaluate`, { method: 'POST', body: '{nope' });
    expect(res.status).toBe(400);
    expect(engine.calls.length).toBe(before);
  });
  it('streams the snapshot frame as bytes, the cadence from the query (monthly when absent)', async () => {
    const res = await fetch(`${url}api/frame`);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(Array.from(new Uint8Array(await res.arrayBuffer()))).toEqual([1, 2, 3, 4]);
    expect(engine.calls.at(-1)).toEqual(['getSnapshotFrame', { cadence: 'monthly' }]);
    await fetch(`${url}api/frame?cadence=weekly`);
    expect(engine.calls.at(-1)).toEqual(['getSnapshotFrame', { cadence: 'weekly' }]);
  });
  it('streams an upload to the engine under its file name, and needs a name', async () => {
    const res = await fetch(`${url}api/upload?name=${encodeURIComponent('My Exports/accounts é.csv')}`, { method: 'POST', body: 'account_id\nA-1\n' });
    expect(await res.json()).toEqual({ id: 'f1', name: 'My Exports/accounts é.csv' });
    expect(engine.uploads).toEqual([['My Exports/accounts é.csv', 'account_id\nA-1\n']]);
    expect((await fetch(`${url}api/upload`, { method: 'POST', body: 'x' })).status).toBe(400);
    expect((await fetch(`${url}api/upload?name=a.csv`, { method: 'POST', body: 'x', headers: { origin: 'http://evil.example' } })).status).toBe(403);
  });
  it('refuses other Host headers (DNS rebinding) and cross-origin API calls', async () => {
    const port = new URL(url).port;
    const { request } = await import('node:http');
    const status = await new Promise<number>((ok) => {
      request({ host: '127.0.0.1', port, path: '/', headers: { host: `evil.example:${port}` } }, (r) => ok(r.statusCode ?? 0)).end();
    });
    expect(status).toBe(403);
    const res = await fetch(`${url}api/evaluate`, { method: 'POST', body: '{}', headers: { origin: 'http://evil.example' } });
    expect(res.status).toBe(403);
  });
  it('never serves files outside the renderer folder', () => {
    expect(resolveStaticPath(root, '/../etc/passwd')).toBeNull();
    expect(resolveStaticPath(root, '/%2e%2e/%2e%2e/etc/passwd')).toBeNull();
    expect(resolveStaticPath(root, '/assets/app.js')).toBe(join(root, 'assets', 'app.js'));
    expect(resolveStaticPath(root, '/')).toBe(join(root, 'index.html'));
  });
});
