/** The engine on an export folder behind the local web host, as `npm run web` serves it, on a free port. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineService } from '../../engine/node/service.js';
import { startHost } from '../../web/httpHost.js';

export interface WebHost {
  service: EngineService;
  /** http://127.0.0.1:PORT/ — requests carry `token` as a bearer header. */
  base: string;
  close(): Promise<void>;
}

export async function startWebHost(dataDir: string, token: string): Promise<WebHost> {
  const service = new EngineService({ dataDir, stateDir: mkdtempSync(join(tmpdir(), 'hsw-state-')) });
  await service.whenReady();
  const { server, url } = await startHost(
    { engine: service, staticDir: mkdtempSync(join(tmpdir(), 'hsw-static-')), token },
    0,
  );
  return {
    service,
    base: url.split('?')[0]!,
    async close() {
      server.close();
      await service.close();
    },
  };
}
