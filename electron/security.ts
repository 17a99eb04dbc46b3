/**
 * Secure defaults for every window, kept pure so they are unit-tested without
 * launching Electron.
 */
import type { WebPreferences } from 'electron';
import { APP_HOST, APP_SCHEME } from './protocol.js';

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
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
