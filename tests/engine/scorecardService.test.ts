import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_API, ModelConfigSchema, type BacktestSettings } from '../../engine/core/api/schema.js';
import { evaluateFrame } from '../../engine/core/backtest/evaluate.js';
import { DEFAULT_BACKTEST, DEFAULT_CONFIG } from '../../engine/core/model/defaults.js';
import { loadWorkbenchData, type LoadedData } from '../../engine/node/data/loadWorkbench.js';
import { EngineRequestError, EngineService } from '../../engine/node/service.js';
import { weeklyUsage, writeExports } from './fixtures.js';

const sample = join(import.meta.dirname, '..', '..', 'sample-data');
const response = ENGINE_API.fitScorecard.response;

describe('fitScorecard: the request', () => {
  // Three accounts that never churn: nothing to fit a scorecard on.
  const service = new EngineService({
    dataDir: writeExports({
      accounts: ['A1', 'A2', 'A3'].map((id, k) => ({
        account_id: id,
        name: `Account ${id}`,
        segment: k ? 'SMB' : 'Enterprise',
        signup_date: '2024-01-01',
        arr: 1000 * (k + 1),
        seats: 5,
      })),
      usage_events: ['A1', 'A2', 'A3'].flatMap((id, k) => weeklyUsage(id, '2025-01-01', 40, () => 2 + k)),
    }),
  });
  afterAll(() => service.close());

  it('refuses a payload without a backtest design, naming the field', async () => {
    await service.whenReady();
    const err = (await service
      .handle('fitScorecard', { config: DEFAULT_CONFIG })
      .catch((e: unknown) => e)) as EngineRequestError;
    expect(err).toBeInstanceOf(EngineRequestError);
    expect(err.issues.map((i) => i.path)).toContain('backtest');
  });

  it('answers "too few churners" as a result, not an error, when no snapshot churned', async () => {
    const r = response.parse(
      await service.handle('fitScorecard', { config: DEFAULT_CONFIG, backtest: DEFAULT_BACKTEST }),
    );
    expect(r).toMatchObject({ status: 'too-few-churners', churners: 0, needed: DEFAULT_BACKTEST.minChurners });
    if (r.status !== 'too-few-churners') return;
    expect(r.text).toMatch(/^0 snapshots in the fitting months .*at least 30 are needed.*Load a longer history/);
  });
});

describe('fitScorecard on the sample data', () => {
  const service = new EngineService({ dataDir: sample });
  let data: LoadedData;
  let fit: Extract<ReturnType<typeof response.parse>, { status: 'fitted' }>['fit'];
  beforeAll(async () => {
    await service.whenReady();
    data = await loadWorkbenchData(sample);
    const r = response.parse(
      await service.handle('fitScorecard', { config: DEFAULT_CONFIG, backtest: DEFAULT_BACKTEST }),
    );
    if (r.status !== 'fitted') throw new Error(`expected a fit, got ${r.status}`);
    fit = r.fit;
  }, 180_000);
  afterAll(() => {
    service.close();
    data.close();
  });

  it('answers a schema-valid fit: a loadable configuration carrying its fitting months and that it is a scorecard, fitted before it is judged', () => {
    expect(ModelConfigSchema.safeParse(fit.config).success).toBe(true);
    expect(fit.config.fittedOn).toEqual({ ...fit.trainMonths, fitted: 'scorecard' });
    expect(fit.trainMonths!.to < fit.testMonths!.from).toBe(true);
    expect(fit.heldOut.verdict).toBe('better');
    expect(fit.heldOut.gainInterval![0]).toBeGreaterThan(0);
    expect(fit.heldOut.gain).toBeCloseTo(fit.fitted.auc! - fit.current.auc!, 12);
  });

  it('reports held-out precision and recall at the cut as a backtest of the held-out months measures them', () => {
    // The pipeline's own backtest, windowed on exactly the held-out months: an independent path to the same counts.
    const months = data.frame.meta.periods.filter((p) => p >= fit.testMonths!.from && p <= fit.testMonths!.to).length;
    const design: BacktestSettings = { ...DEFAULT_BACKTEST, windowMonths: months };
    const asOf = data.frame.meta.periods.at(-1)!;
    const current = evaluateFrame(data.frame, DEFAULT_CONFIG, design, asOf, 0).backtest;
    const fitted = evaluateFrame(data.frame, fit.config, { ...design, atRiskBelow: null }, asOf, 0).backtest;
    expect([current.evaluated, current.periods[0]]).toEqual([fit.testSnapshots, fit.testMonths!.from]);
    for (const [mine, theirs] of [
      [fit.current, current],
      [fit.fitted, fitted],
    ] as const) {
      expect(mine.auc).toBeCloseTo(theirs.auc!, 6);
      expect(mine.atCut!.precision).toBeCloseTo(theirs.overall.precision!, 12);
      expect(mine.atCut!.recall).toBeCloseTo(theirs.overall.recall!, 12);
      const [lo, hi] = mine.atCut!.recallInterval!;
      expect(lo).toBeLessThan(mine.atCut!.recall!);
      expect(hi).toBeGreaterThan(mine.atCut!.recall!);
    }
  });
});
