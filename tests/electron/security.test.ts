import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../renderer/csp.js';
import { APP_ENTRY, resolveAppFile } from '../../electron/protocol.js';
import {
  denyWindowOpen,
  guardContents,
  isTrustedUrl,
  secureWebPreferences,
  shouldBlockNavigation,
} from '../../electron/security.js';
import { mainWindowOptions, menuTemplate, resolveDataDir } from '../../electron/windowConfig.js';

const directives = Object.fromEntries(
  CONTENT_SECURITY_POLICY.split(';')
    .map((d) => d.trim().split(/\s+/))
    .map(([k, ...v]) => [k!, v]),
);

describe('window security settings', () => {
  const prefs = mainWindowOptions('/app/dist-electron/preload.cjs').webPreferences!;
  it('isolate the page from Node and sandbox the renderer', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.preload).toBe('/app/dist-electron/preload.cjs');
  });
  it('are the same for any window built from them', () => {
    expect(secureWebPreferences('x')).toEqual({ ...prefs, preload: 'x' });
  });
});

describe('Content-Security-Policy', () => {
  it('allows scripts only from the app, never inline or eval', () => {
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(directives['script-src']).not.toContain("'unsafe-inline'");
  });
  it('defaults to self and forbids plugins, base changes, forms and framing', () => {
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['base-uri']).toEqual(["'none'"]);
    expect(directives['form-action']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
  });
  it('is repeated verbatim (minus frame-ancestors, which meta tags ignore) in index.html', async () => {
    const { readFileSync } = await import('node:fs');
    const html = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", ''));
  });
});

describe('trusted origins and navigation', () => {
  it('trusts only the app:// origin', () => {
    expect(isTrustedUrl(APP_ENTRY)).toBe(true);
    expect(isTrustedUrl('app://workbench/assets/x.js')).toBe(true);
    for (const url of [
      'file:///etc/passwd',
      'http://evil.example/',
      'https://workbench/',
      'app://other/index.html',
      '',
      undefined,
      'not a url',
    ]) {
      expect(isTrustedUrl(url), String(url)).toBe(false);
    }
  });
  it('denies new windows and blocks navigation away from the app', () => {
    expect(denyWindowOpen()).toEqual({ action: 'deny' });
    expect(shouldBlockNavigation('https://example.com/')).toBe(true);
    expect(shouldBlockNavigation('file:///tmp/dropped.csv')).toBe(true);
    expect(shouldBlockNavigation('app://workbench/index.html')).toBe(false);
  });
});

describe('app:// file resolution', () => {
  const root = '/opt/hsw/dist/renderer';
  it('maps app URLs into the renderer folder', () => {
    expect(resolveAppFile(root, 'app://workbench/')).toBe(`${root}/index.html`);
    expect(resolveAppFile(root, 'app://workbench/assets/index.js?v=1')).toBe(`${root}/assets/index.js`);
  });
  it('never resolves outside the renderer folder, however the path is encoded', () => {
    for (const url of [
      'app://workbench/../../etc/passwd',
      'app://workbench/%2e%2e/%2e%2e/etc/passwd',
      'app://workbench/assets%2f..%2f..%2f..%2fsecret',
      'app://workbench/a%5c..%5c..%5csecret',
      'app://workbench/%00',
    ]) {
      const file = resolveAppFile(root, url);
      expect(file === null || file.startsWith(`${root}/`), `${url} → ${file}`).toBe(true);
    }
    expect(resolveAppFile(root, 'app://workbench/assets%2f..%2f..%2f..%2fsecret')).toBeNull();
  });
  it('refuses other hosts and other schemes', () => {
    for (const url of ['app://other/index.html', 'file:///etc/passwd', 'http://workbench/index.html'])
      expect(resolveAppFile(root, url), url).toBeNull();
  });
});

describe('main process configuration', () => {
  it('opens the bundled sample data unless --data names a folder', () => {
    expect(resolveDataDir(['electron', '.'], false, '/src/app', '/res')).toBe('/src/app/sample-data');
    expect(resolveDataDir(['app'], true, '/opt/app.asar', '/opt/resources')).toBe('/opt/resources/sample-data');
    expect(resolveDataDir(['app', '--data', '/home/me/exports'], true, '/a', '/r')).toBe('/home/me/exports');
  });
  it('offers developer tools only in development builds', () => {
    const roles = (packaged: boolean) => JSON.stringify(menuTemplate(packaged, false));
    expect(roles(false)).toContain('toggleDevTools');
    expect(roles(true)).not.toContain('toggleDevTools');
  });
  it('starts hidden and shows when ready, at a usable size', () => {
    const o = mainWindowOptions('p');
    expect(o.show).toBe(false);
    expect(o.minWidth).toBeGreaterThanOrEqual(1024);
  });
});

describe('every page contents is guarded', () => {
  type Listener = (e: { preventDefault(): void; url: string }, url?: string) => void;
  function fakeContents() {
    const listeners = new Map<string, Listener[]>();
    const state = { devToolsClosed: 0, openHandler: null as unknown };
    const contents = {
      setWindowOpenHandler: (h: unknown) => void (state.openHandler = h),
      on: (event: string, l: Listener) => void listeners.set(event, [...(listeners.get(event) ?? []), l]),
      closeDevTools: () => void state.devToolsClosed++,
    };
    /** Fire an event the way Electron does; true when a guard prevented it. */
    const fire = (event: string, url = '', passUrlArg = true) => {
      let prevented = false;
      for (const l of listeners.get(event) ?? [])
        l({ preventDefault: () => void (prevented = true), url }, passUrlArg ? url : undefined);
      return prevented;
    };
    return { contents, state, fire, listeners };
  }

  it('stops navigation, redirects and frame navigation away from app://, and lets the app navigate itself', () => {
    const { contents, fire } = fakeContents();
    guardContents(contents as never, false);
    for (const event of ['will-navigate', 'will-redirect', 'will-frame-navigate']) {
      expect(fire(event, 'https://evil.example/'), event).toBe(true);
      expect(fire(event, 'file:///etc/passwd'), event).toBe(true);
      expect(fire(event, APP_ENTRY), event).toBe(false);
    }
    // will-frame-navigate carries the URL on the event only.
    expect(fire('will-frame-navigate', 'https://evil.example/', false)).toBe(true);
    expect(fire('will-attach-webview')).toBe(true);
  });

  it('denies new windows', () => {
    const { contents, state } = fakeContents();
    guardContents(contents as never, false);
    expect((state.openHandler as () => unknown)()).toEqual({ action: 'deny' });
  });

  it('closes DevTools in a packaged app and leaves them to developers otherwise', () => {
    const packaged = fakeContents();
    guardContents(packaged.contents as never, true);
    packaged.fire('devtools-opened');
    expect(packaged.state.devToolsClosed).toBe(1);
    const dev = fakeContents();
    guardContents(dev.contents as never, false);
    expect(dev.listeners.has('devtools-opened')).toBe(false);
    expect(mainWindowOptions('p', true).webPreferences!.devTools).toBe(false);
    expect(mainWindowOptions('p', false).webPreferences!.devTools).toBe(true);
  });
});

describe('the packaged binary', () => {
  it('has its fuses set: no run-as-node, NODE_OPTIONS or --inspect, only its own integrity-checked asar', async () => {
    const { readFileSync } = await import('node:fs');
    const yml = readFileSync(new URL('../../electron-builder.yml', import.meta.url), 'utf8');
    const block = yml.slice(yml.indexOf('electronFuses:'));
    const fuses = Object.fromEntries(
      [...block.matchAll(/^ {2}(\w+): (true|false)$/gm)].map((m) => [m[1], m[2] === 'true']),
    );
    expect(fuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });
});
