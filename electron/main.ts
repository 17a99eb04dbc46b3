/**
 * Electron main process: wires one secure window, the app:// protocol and the
 * engine's IPC. Everything with logic lives in the modules it imports, which
 * are unit-tested; this file only connects them.
 */
import { BrowserWindow, Menu, app, dialog, ipcMain, protocol, session } from 'electron';
import { readFile } from 'node:fs/promises';
import { readdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { EngineService } from '../engine/node/service.js';
import { CONTENT_SECURITY_POLICY } from '../renderer/csp.js';
import { parseAppArgs } from './appArgs.js';
import { registerEngineIpc } from './ipc.js';
import { APP_ENTRY, APP_SCHEME, APP_SCHEME_PRIVILEGES, MIME_TYPES, resolveAppFile } from './protocol.js';
import { guardContents, isTrustedUrl } from './security.js';
import { mainWindowOptions, menuTemplate, resolveDataDir } from './windowConfig.js';

protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  const rendererDir = join(app.getAppPath(), 'dist', 'renderer');
  const args = parseAppArgs(process.argv);
  if (args.problem) console.error(`Ignoring the command line: ${args.problem}`);
  const dataDir = args.data
    ? resolve(args.data)
    : resolveDataDir([], app.isPackaged, app.getAppPath(), process.resourcesPath);
  let engine: EngineService | null = null;
  let win: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  app.on('web-contents-created', (_event, contents) => guardContents(contents, app.isPackaged));

  void app.whenReady().then(() => {
    protocol.handle(APP_SCHEME, async (request) => {
      const file = resolveAppFile(rendererDir, request.url);
      if (!file) return new Response('not found', { status: 404 });
      try {
        const body = await readFile(file);
        return new Response(body, {
          headers: {
            'Content-Type': MIME_TYPES[extname(file)] ?? 'application/octet-stream',
            'Content-Security-Policy': CONTENT_SECURITY_POLICY,
            'X-Content-Type-Options': 'nosniff',
          },
        });
      } catch {
        return new Response('not found', { status: 404 });
      }
    });
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);

    engine = new EngineService({ dataDir, stateDir: app.getPath('userData') });
    engine.whenReady().catch((err: unknown) => {
      dialog.showErrorBox(
        'Could not load the data',
        `${dataDir}\n\n${err instanceof Error ? err.message : String(err)}`,
      );
    });
    const choose = async (folder: boolean) => {
      const r = await dialog.showOpenDialog({
        title: folder ? 'Choose a folder of exports' : 'Choose export files',
        properties: folder ? ['openDirectory'] : ['openFile', 'multiSelections'],
        filters: folder
          ? []
          : [
              {
                name: 'Exports',
                extensions: ['csv', 'tsv', 'txt', 'gz', 'parquet', 'json', 'ndjson', 'jsonl', 'xlsx'],
              },
            ],
      });
      return r.canceled ? [] : r.filePaths;
    };
    const listFolder = (dir: string) =>
      statSync(dir, { throwIfNoEntry: false })?.isDirectory()
        ? readdirSync(dir)
            .filter((f) => !f.startsWith('.'))
            .map((f) => join(dir, f))
        : [];
    registerEngineIpc(ipcMain, engine, isTrustedUrl, choose, listFolder);

    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(app.isPackaged, process.platform === 'darwin')));
    win = new BrowserWindow(mainWindowOptions(join(__dirname, 'preload.cjs'), app.isPackaged));
    win.once('ready-to-show', () => win?.show());
    void win.loadURL(APP_ENTRY);
  });

  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    void engine?.close();
  });
}
