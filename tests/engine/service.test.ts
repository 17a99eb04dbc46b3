import { afterAll, describe, expect, it, vi } from 'vitest';
import { ENGINE_API, EvaluationResultSchema, METHOD_NAMES, type MethodName } from '../../engine/core/api/schema.js';
import { dispatch, type Handlers } from '../../engine/node/service/dispatch.js';
import { decodeFrame } from '../../engine/core/api/frameCodec.js';
import { DEFAULT_BACKTEST, DEFAULT_CONFIG } from '../../engine/core/model/defaults.js';
import { EngineRequestError, EngineService } from '../../engine/node/service.js';
import { weeklyUsage, writeExports } from './fixtures.js';

const dir = writeExports({
  accounts: [
    { account_id: 'A1', name: 'One', segment: 'SMB', signup_date: '2024-01-01', arr: 1000, seats: 5 },
    { account_id: 'A2', name: 'Two', segment: 'Enterprise', signup_date: '2024-01-01', arr: 9000, seats: 50 },
  ],
  usage_events: [
    ...weeklyUsage('A1', '2025-01-01', 30, () => 3),
    ...weeklyUsage('A2', '2025-01-01', 30, (d) => (d < '2025-04-01' ? 9 : 1)),
  ],
  churn: [{ account_id: 'A2', churn_date: '2025-07-10', reason: 'Budget' }],
});
const service = new EngineService({ dataDir: dir });
afterAll(() => service.close());

describe('engine service', () => {
  it('reports progress while loading and ready afterwards', async () => {
    await service.whenReady();
    expect(await service.handle('getStatus', {})).toMatchObject({ state: 'ready' });
  });
  it('answers evaluate with a schema-valid result for the default model', async () => {
    const meta = (await service.handle('getDataset', {})) as { periods: string[] };
    const result = await service.handle('evaluate', {
      config: DEFAULT_CONFIG,
      backtest: DEFAULT_BACKTEST,
      asOf: meta.periods.at(-1),
    });
    expect(EvaluationResultSchema.safeParse(result).success).toBe(true);
  });
  it('serves the same snapshots as bytes', async () => {
    const frame = decodeFrame((await service.snapshotFrame()).slice().buffer);
    expect(frame.meta.accountIds).toEqual(['A1', 'A2']);
    expect(frame.n).toBeGreaterThan(0);
  });
  it('rejects unknown methods and invalid payloads with every issue', async () => {
    await expect(service.handle('dropTables', {})).rejects.toBeInstanceOf(EngineRequestError);
    const bad = {
      config: { ...DEFAULT_CONFIG, categories: DEFAULT_CONFIG.categories.slice(1) },
      backtest: DEFAULT_BACKTEST,
      asOf: '2025-03-31',
    };
    const err = (await service.handle('evaluate', bad).catch((e: unknown) => e)) as EngineRequestError;
    expect(err).toBeInstanceOf(EngineRequestError);
    expect(err.issues).toContainEqual({ path: 'config.categories', message: 'weights sum to 70, expected 100' });
    const notAMonth = await service
      .handle('evaluate', { config: DEFAULT_CONFIG, backtest: DEFAULT_BACKTEST, asOf: '2025-03-15' })
      .catch((e: unknown) => e);
    expect((notAMonth as Error).message).toMatch(/not a monthly snapshot date/);
  });
  it('parses an evaluate request exactly once, in the dispatcher', async () => {
    const meta = (await service.handle('getDataset', {})) as { periods: string[] };
    const schema = ENGINE_API.evaluate.request;
    const safeParse = vi.spyOn(schema, 'safeParse');
    const parse = vi.spyOn(schema, 'parse');
    try {
      await service.handle('evaluate', {
        config: DEFAULT_CONFIG,
        backtest: DEFAULT_BACKTEST,
        asOf: meta.periods.at(-1),
      });
      expect(safeParse).toHaveBeenCalledTimes(1);
      expect(parse).not.toHaveBeenCalled();
    } finally {
      safeParse.mockRestore();
      parse.mockRestore();
    }
  });
  it('reports a folder without exports as a load error, not a crash', async () => {
    const broken = new EngineService({ dataDir: '/nonexistent/folder' });
    await expect(broken.whenReady()).rejects.toThrow(/accounts.csv/);
    expect(await broken.handle('getStatus', {})).toMatchObject({
      state: 'error',
      message: expect.stringMatching(/accounts\.csv/),
    });
  });
});

describe('request dispatch', () => {
  /** Handlers that record what they receive. */
  function recording() {
    const received: [MethodName, unknown][] = [];
    const handlers = Object.fromEntries(
      METHOD_NAMES.map((m) => [
        m,
        async (req: unknown) => {
          received.push([m, req]);
          return {};
        },
      ]),
    ) as unknown as Handlers;
    return { handlers, received };
  }

  it('hands the handler the parsed request: defaults applied, unknown fields dropped', async () => {
    const { handlers, received } = recording();
    await dispatch(handlers, 'getImportReport', {});
    await dispatch(handlers, 'getImportReport', undefined);
    const { overrides: _, ...backtest } = DEFAULT_BACKTEST;
    const payload = { config: DEFAULT_CONFIG, backtest, asOf: '2025-03-31', note: 'not a field' };
    await dispatch(handlers, 'evaluate', payload);
    expect(received[0]).toEqual(['getImportReport', { offset: 0, limit: 200 }]);
    expect(received[1]).toEqual(['getImportReport', { offset: 0, limit: 200 }]);
    const [method, req] = received[2]!;
    expect(method).toBe('evaluate');
    expect(req).toEqual({ config: DEFAULT_CONFIG, backtest: { ...backtest, overrides: 'ignore' }, asOf: '2025-03-31' });
  });

  it('refuses an invalid payload before any handler runs, naming the method and the path', async () => {
    const { handlers, received } = recording();
    const bad = {
      config: { ...DEFAULT_CONFIG, categories: DEFAULT_CONFIG.categories.slice(1) },
      backtest: DEFAULT_BACKTEST,
      asOf: '2025-03-31',
    };
    const err = (await dispatch(handlers, 'evaluate', bad).catch((e: unknown) => e)) as EngineRequestError;
    expect(err).toBeInstanceOf(EngineRequestError);
    expect(err.message).toBe('invalid evaluate request: config.categories: weights sum to 70, expected 100');
    expect(err.issues).toEqual([{ path: 'config.categories', message: 'weights sum to 70, expected 100' }]);
    const two = (await dispatch(handlers, 'getImportReport', { offset: -1, limit: 5000 }).catch(
      (e: unknown) => e,
    )) as EngineRequestError;
    expect(two.message).toMatch(/^invalid getImportReport request: offset: .+ \(and 1 more\)$/);
    expect(two.issues.map((i) => i.path)).toEqual(['offset', 'limit']);
    await expect(dispatch(handlers, 'getSnapshotFrame', { cadence: 'hourly' })).rejects.toThrow(
      'invalid getSnapshotFrame request: cadence: unknown cadence "hourly"',
    );
    await expect(dispatch(handlers, 'dropTables' as MethodName, {})).rejects.toThrow('unknown method "dropTables"');
    expect(received).toEqual([]);
  });
});
