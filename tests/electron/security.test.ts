import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../renderer/csp.js';
import { APP_ENTRY, resolveAppFile } from '../../electron/protocol.js';
import { denyWindowOpen, isTrustedUrl, secureWebPreferences, shouldBlockNavigation } from '../../electron/security.js';
import { mainWindowOptions, menuTemplate, resolveDataDir } from '../../electron/windowConfig.js';

const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));

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
    for (const url of ['file:///etc/passwd', 'http://evil.example/', 'https://workbench/', 'app://other/index.html', '', undefined, 'not a url']) {
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
    for (const url of ['app://workbench/../../etc/passwd', 'app://workbench/%2e%2e/%2e%2e/etc/passwd', 'app://workbench/assets%2f..%2f..%2f..%2fsecret', 'app://workbench/a%5c..%5c..%5csecret', 'app://workbench/%00']) {
      const file = resolveAppFile(root, url);
      expect(file === null || file.startsWith(`${root}/`), `${url} → ${file}`).toBe(true);
    }
    expect(resolveAppFile(root, 'app://workbench/assets%2f..%2f..%2f..%2fsecret')).toBeNull();
  });
  it('refuses other hosts and other schemes', () => {
    for (const url of ['app://other/index.html', 'file:///etc/passwd', 'http://workbench/index.html']) expect(resolveAppFile(root, url), url).toBeNull();
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
