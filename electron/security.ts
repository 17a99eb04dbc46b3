/**
 * Secure defaults for every window, kept pure so they are unit-tested without
 * launching Electron.
 */
import type { WebPreferences } from 'electron';
import { APP_HOST, APP_SCHEME } from './protocol.js';

/** DevTools only in a development run: a packaged app has no way to open them. */
export function secureWebPreferences(preloadPath: string, isPackaged = false): WebPreferences {
  return {
    devTools: !isPackaged,
    preload: preloadPath,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    sandbox: true,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
  };
}

/** Only pages served by our own app:// protocol may talk to the engine. */
export function isTrustedUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    // Node gives custom schemes an opaque origin ("null"), so compare the parts.
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** The handler for `setWindowOpenHandler`: the workbench never opens new windows. */
export const denyWindowOpen = () => ({ action: 'deny' as const });

/** Navigation inside the app is fine; anything else (a dropped file, a link) is stopped. */
export function shouldBlockNavigation(url: string): boolean {
  return !isTrustedUrl(url);
}

/** The events of a page's contents that the guards listen to (a subset of Electron's WebContents). */
export interface GuardedContents {
  setWindowOpenHandler(handler: typeof denyWindowOpen): void;
  on(
    event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate',
    listener: (e: { preventDefault(): void; url: string }, url?: string) => void,
  ): unknown;
  on(event: 'will-attach-webview', listener: (e: { preventDefault(): void }) => void): unknown;
  on(event: 'devtools-opened', listener: () => void): unknown;
  closeDevTools(): void;
}

/**
 * Every page's contents: no new windows, no webviews, and no navigation, redirect or
 * frame navigation away from app:// (a redirect or a frame does not pass through
 * will-navigate). In a packaged app DevTools are closed if anything opens them.
 */
export function guardContents(contents: GuardedContents, isPackaged: boolean): void {
  contents.setWindowOpenHandler(denyWindowOpen);
  for (const event of ['will-navigate', 'will-redirect', 'will-frame-navigate'] as const) {
    contents.on(event, (e, url) => {
      if (shouldBlockNavigation(url ?? e.url)) e.preventDefault();
    });
  }
  contents.on('will-attach-webview', (e) => e.preventDefault());
  if (isPackaged) contents.on('devtools-opened', () => contents.closeDevTools());
}
