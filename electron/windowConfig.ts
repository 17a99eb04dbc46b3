/** Pure pieces of the main process, tested without Electron. */
import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions } from 'electron';
import { join, resolve } from 'node:path';
import { secureWebPreferences } from './security.js';

export function mainWindowOptions(preloadPath: string, isPackaged = false): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 940,
    minWidth: 1024,
    minHeight: 700,
    title: 'Health Score Workbench',
    show: false,
    backgroundColor: '#f8f9fa',
    webPreferences: secureWebPreferences(preloadPath, isPackaged),
  };
}

/** `--data <dir>` wins; otherwise the sample data bundled next to the app. */
export function resolveDataDir(
  argv: readonly string[],
  isPackaged: boolean,
  appPath: string,
  resourcesPath: string,
): string {
  const i = argv.indexOf('--data');
  const given = i >= 0 ? argv[i + 1] : undefined;
  if (given && !given.startsWith('--')) return resolve(given);
  return isPackaged ? join(resourcesPath, 'sample-data') : join(appPath, 'sample-data');
}

export function menuTemplate(isPackaged: boolean, isMac: boolean): MenuItemConstructorOptions[] {
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { label: 'File', submenu: [isMac ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ role: 'about' }] },
  ];
}
