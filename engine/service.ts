/**
 * The engine behind the typed API. Hosts (Electron IPC, local HTTP) hand it
 * untrusted `(method, payload)` pairs; it validates the payload against the
 * shared schema, runs the request, and answers plain data.
 */
import { CadenceSchema, ENGINE_API, isEngineMethod, type DatasetMeta, type EngineMethod, type EngineResponse, type LoadStatus } from './api/schema.js';
import { encodeFrame } from './api/frameCodec.js';
import { evaluateFrame } from './backtest/evaluate.js';
import { suggestWeights } from './calibration/suggestWeights.js';
import { compareScenarios } from './compare/compareScenarios.js';
import { approve } from './config/approve.js';
import { listAccounts } from './accounts/listAccounts.js';
import { DEFAULT_BACKTEST, DEFAULT_CONFIG, TIER_PRESETS } from './model/defaults.js';
import type { Cadence, SnapshotFrame } from './snapshots/frame.js';
import { loadWorkbenchData, type LoadedData } from './data/loadWorkbench.js';

export class EngineRequestError extends Error {
  constructor(message: string, readonly issues: { path: string; message: string }[] = []) {
    super(message);
    this.name = 'EngineRequestError';
  }
}

export interface EngineOptions {
  /** Folder holding the exports (accounts.csv, usage_events.csv[.gz], …). */
  dataDir: string;
}

export class EngineService {
  private status: LoadStatus = { state: 'loading', step: 'Starting', done: 0, total: 1 };
  private data: LoadedData | null = null;
  private readonly frameBytes = new Map<Cadence, Uint8Array>();
  private readonly ready: Promise<void>;

  constructor(private readonly options: EngineOptions) {
    this.ready = this.load();
    // The status endpoint reports failures; keep the rejection from going unhandled.
    this.ready.catch(() => undefined);
  }

  private async load(): Promise<void> {
    try {
      this.data = await loadWorkbenchData(this.options.dataDir, (step, done, total) => {
        this.status = { state: 'loading', step, done, total };
      });
      this.status = { state: 'ready', step: 'Ready', done: 1, total: 1 };
    } catch (err) {
      this.status = { state: 'error', step: 'Loading data', done: 0, total: 1, message: err instanceof Error ? err.message : String(err) };
      throw err;
    }
  }

  /** Resolves once the data is loaded (rejects if loading failed). */
  whenReady(): Promise<void> {
    return this.ready;
  }

  private async frame(cadence: Cadence = 'monthly'): Promise<SnapshotFrame> {
    await this.ready;
    return this.data!.frameAt(cadence);
  }

  /** The snapshot frame as bytes; weekly snapshots are built on first request. */
  async snapshotFrame(cadence: unknown = 'monthly'): Promise<Uint8Array> {
    const parsed = CadenceSchema.safeParse(cadence);
    if (!parsed.success) throw new EngineRequestError(`unknown cadence ${JSON.stringify(cadence)}`, [{ path: 'cadence', message: 'expected monthly or weekly' }]);
    const c = parsed.data;
    let bytes = this.frameBytes.get(c);
    if (!bytes) {
      bytes = encodeFrame(await this.frame(c));
      this.frameBytes.set(c, bytes);
    }
    return bytes;
  }

  /** Validate and run one API call. Throws EngineRequestError for a bad method or payload. */
  async handle(method: unknown, payload: unknown): Promise<unknown> {
    if (!isEngineMethod(method)) throw new EngineRequestError(`unknown method ${JSON.stringify(method)}`);
    const parsed = ENGINE_API[method].request.safeParse(payload ?? {});
    if (!parsed.success) {
      throw new EngineRequestError(
        `invalid ${method} request`,
        parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      );
    }
    return this.run(method, parsed.data);
  }

  private async run(method: EngineMethod, request: unknown): Promise<EngineResponse<EngineMethod>> {
    switch (method) {
      case 'getStatus':
        return this.status;
      case 'getDefaults':
        return { config: DEFAULT_CONFIG, tierPresets: TIER_PRESETS, backtest: DEFAULT_BACKTEST };
      case 'getDataset':
        await this.ready;
        return this.data!.meta satisfies DatasetMeta;
      case 'evaluate': {
        const req = ENGINE_API.evaluate.request.parse(request);
        const frame = await this.frame(req.backtest.cadence);
        if (!frame.meta.periods.includes(req.asOf)) {
          throw new EngineRequestError(`asOf ${req.asOf} is not a ${req.backtest.cadence} snapshot date`, [{ path: 'asOf', message: `expected one of ${frame.meta.periods.join(', ')}` }]);
        }
        return evaluateFrame(frame, req.config, req.backtest, req.asOf, req.bootstrap ?? 0);
      }
      case 'compareScenarios': {
        const req = ENGINE_API.compareScenarios.request.parse(request);
        const frame = await this.frame(req.scenarios[0]!.backtest.cadence);
        if (!frame.meta.periods.includes(req.asOf)) throw new EngineRequestError(`asOf ${req.asOf} is not a snapshot date`, [{ path: 'asOf', message: 'not a snapshot date at the baseline cadence' }]);
        return compareScenarios(frame, req.scenarios, req.asOf);
      }
      case 'approveConfig': {
        const req = ENGINE_API.approveConfig.request.parse(request);
        const frame = await this.frame(req.backtest.cadence);
        const result = evaluateFrame(frame, req.config, req.backtest, frame.meta.periods.at(-1)!);
        return approve(req.config, req.backtest, req.approver, req.note, this.data!.fingerprint, result);
      }
      case 'listAccounts': {
        const req = ENGINE_API.listAccounts.request.parse(request);
        const frame = await this.frame(req.backtest.cadence);
        if (!frame.meta.periods.includes(req.asOf)) throw new EngineRequestError(`asOf ${req.asOf} is not a snapshot date`, [{ path: 'asOf', message: 'not a snapshot date at this cadence' }]);
        return listAccounts(frame, req);
      }
      case 'suggestWeights': {
        const req = ENGINE_API.suggestWeights.request.parse(request);
        return suggestWeights(await this.frame(req.backtest.cadence), req.config, req.backtest);
      }
    }
  }

  async close(): Promise<void> {
    await this.ready.catch(() => undefined);
    this.data?.close();
  }
}
