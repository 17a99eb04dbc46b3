import { describe, expect, it } from 'vitest';
import type { CustomSignal, ModelConfig } from '../../engine/core/api/schema.js';
import { DEFAULT_BACKTEST } from '../../engine/core/model/defaults.js';
import { customFrameKey } from '../../engine/core/signals/customFrameSet.js';
import type { Cadence } from '../../engine/core/snapshots/frame.js';
import type { Evaluator } from '../../renderer/compute/evaluator.js';
import type { WorkerEvaluateRequest } from '../../renderer/compute/protocol.js';
import { Recompute, type ModelInputs } from '../../renderer/compute/recompute.js';
import { simpleConfig } from '../engine/frames.js';

/** An evaluator that records what it was asked; opening one resolves only when the test says so. */
class FakeEvaluator implements Evaluator {
  static seq = 0;
  readonly requests: WorkerEvaluateRequest[] = [];
  disposed = false;
  customSignals: readonly CustomSignal[] = [];
  constructor(
    readonly cadence: Cadence,
    readonly periods: readonly string[],
    readonly graceDays?: number,
    readonly customKey = '',
  ) {}
  request(req: WorkerEvaluateRequest): number {
    this.requests.push(req);
    return ++FakeEvaluator.seq;
  }
  dispose(): void {
    this.disposed = true;
  }
}

const PERIODS = { monthly: ['2025-01-31', '2025-02-28'], weekly: ['2025-02-21', '2025-02-28'] } satisfies Record<
  Cadence,
  string[]
>;

function harness() {
  const opened: FakeEvaluator[] = [];
  const pending: (() => void)[] = [];
  const log = {
    requested: [] as number[],
    switching: [] as (string | null)[],
    periods: [] as (readonly string[])[],
    failed: [] as string[],
  };
  let failNext = false;
  const recompute = new Recompute({
    open: (cadence, graceDays, customSignals) =>
      new Promise<Evaluator>((ok, fail) => {
        const ev = new FakeEvaluator(cadence, PERIODS[cadence], graceDays, customFrameKey(customSignals));
        ev.customSignals = customSignals;
        const fails = failNext;
        failNext = false;
        pending.push(() => {
          if (fails) fail(new Error(`no ${cadence} snapshots`));
          else {
            opened.push(ev);
            ok(ev);
          }
        });
      }),
    requested: (seq) => log.requested.push(seq),
    switching: (m) => log.switching.push(m),
    periods: (p) => log.periods.push(p),
    failed: (m) => log.failed.push(m),
  });
  /** Let the oldest open finish, and everything waiting on it run. */
  const land = async () => {
    pending.shift()!();
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { recompute, opened, log, land, failOpen: () => (failNext = true) };
}

const model = (over: Partial<ModelInputs> = {}): ModelInputs => ({
  config: simpleConfig(60, 40),
  backtest: DEFAULT_BACKTEST,
  asOf: '2025-02-28',
  ...over,
});

async function started(wantIntervals = true) {
  const h = harness();
  if (wantIntervals) h.recompute.want('intervals');
  const start = h.recompute.start('monthly');
  await h.land();
  expect(await start).toEqual(PERIODS.monthly);
  return h;
}

describe('the recompute: explicit inputs, one request per change', () => {
  it('a new grace period opens snapshots built with it, and evaluates there; the old ones are let go', async () => {
    const { recompute, opened, log, land } = await started();
    recompute.set(model());
    const graced = model({ backtest: { ...DEFAULT_BACKTEST, graceDays: 60 } });
    recompute.set(graced);
    expect(log.switching.at(-1)).toBe('Rebuilding snapshots with a 60-day grace period between subscriptions…');
    await land();
    expect(opened.map((e) => [e.cadence, e.graceDays])).toEqual([
      ['monthly', undefined],
      ['monthly', 60],
    ]);
    expect(opened[0]!.disposed).toBe(true);
    expect(opened[1]!.requests.map((r) => r.backtest)).toEqual([graced.backtest]);
    expect(log.switching.at(-1)).toBeNull();
  });

  it('new custom signal definitions open snapshots holding them; a label, category or weight edit does not', async () => {
    const { recompute, opened, log, land } = await started();
    const base = model();
    recompute.set(base);
    const p1: CustomSignal = {
      id: 'custom.p1_tickets_90d',
      label: 'P1 tickets in 90 days',
      category: 'support',
      table: 'tickets',
      aggregation: 'count',
      where: { column: 'priority', equals: ['P1'] },
      window: 90,
      comparison: 'value',
      direction: 'higher_is_riskier',
    };
    const withP1 = (config: ModelConfig, signals: CustomSignal[]): ModelInputs => ({
      ...base,
      config: { ...config, customSignals: signals },
    });
    const defined = withP1(base.config, [p1]);
    recompute.set(defined);
    expect(log.switching.at(-1)).toBe('Computing the custom signals for every account and snapshot date…');
    await land();
    expect(opened.map((e) => e.customSignals)).toEqual([[], [p1]]);
    expect(opened[0]!.disposed).toBe(true);
    expect(opened[1]!.requests.map((r) => r.config)).toEqual([defined.config]);

    // Shown and scored differently, computed the same: the same snapshots answer.
    const relabelled = withP1(defined.config, [{ ...p1, label: 'Urgent tickets', direction: 'higher_is_healthier' }]);
    recompute.set(relabelled);
    const [a, b] = relabelled.config.categories;
    recompute.set({
      ...relabelled,
      config: {
        ...relabelled.config,
        categories: [
          { ...a!, weight: 30 },
          { ...b!, weight: 70 },
        ],
      },
    });
    expect(opened).toHaveLength(2);
    expect(opened[1]!.requests).toHaveLength(3);

    // Another window is another column: fetched again.
    recompute.set(withP1(defined.config, [{ ...p1, window: 30 }]));
    await land();
    expect(opened.map((e) => e.customSignals.map((s) => s.window))).toEqual([[], [90], [30]]);
    // Every definition removed: back to the plain snapshots.
    recompute.set(base);
    expect(log.switching.at(-1)).toBe('Loading the monthly snapshots without custom signals…');
    await land();
    expect(opened.at(-1)!.customKey).toBe('');
    expect(opened.at(-1)!.requests.map((r) => r.config)).toEqual([base.config]);
  });

  it('sends one request carrying the model and the wanted results, and none for the same inputs again', async () => {
    const { recompute, opened, log } = await started();
    const inputs = model();
    recompute.set(inputs);
    expect(opened[0]!.requests).toEqual([
      { config: inputs.config, backtest: inputs.backtest, asOf: '2025-02-28', intervals: true, alerts: false },
    ]);
    expect(log.requested).toHaveLength(1);
    recompute.set({ ...inputs });
    expect(opened[0]!.requests).toHaveLength(1);
    recompute.set({ ...inputs, asOf: '2025-01-31' });
    expect(opened[0]!.requests.map((r) => r.asOf)).toEqual(['2025-02-28', '2025-01-31']);
    expect(log.requested).toHaveLength(2);
  });

  it('asks for nothing before it has both an evaluator and a model', async () => {
    const h = harness();
    h.recompute.set(model());
    const start = h.recompute.start('monthly');
    await h.land();
    await start;
    expect(h.opened[0]!.requests).toHaveLength(1);
    const { recompute, opened } = await started();
    recompute.want('alerts');
    expect(opened[0]!.requests).toHaveLength(0);
  });

  it('computes alerts only while a view wants them, asking again only when the last request left them out', async () => {
    const { recompute, opened } = await started();
    const inputs = model();
    recompute.set(inputs);
    const release = recompute.want('alerts');
    expect(opened[0]!.requests.map((r) => [r.config === inputs.config, r.alerts])).toEqual([
      [true, false],
      [true, true],
    ]);
    release();
    expect(opened[0]!.requests).toHaveLength(2); // letting go costs no recompute
    recompute.want('alerts')(); // wanted again: the last request already has them
    expect(opened[0]!.requests).toHaveLength(2);
    recompute.set(model());
    expect(opened[0]!.requests.at(-1)!.alerts).toBe(false);
  });

  it('keeps alerts while any of the views wanting them is open, and intervals only when wanted', async () => {
    const { recompute, opened } = await started(false);
    const a = recompute.want('alerts');
    const b = recompute.want('alerts');
    a();
    a(); // releasing twice counts once
    recompute.set(model());
    expect(opened[0]!.requests.at(-1)).toMatchObject({ alerts: true, intervals: false });
    b();
    recompute.set(model());
    expect(opened[0]!.requests.at(-1)).toMatchObject({ alerts: false, intervals: false });
  });
});

describe('the recompute across a cadence switch', () => {
  it('opens the new cadence, retires the old evaluator, hands over the dates, and asks the new one', async () => {
    const { recompute, opened, log, land } = await started();
    recompute.set(model());
    const weekly = model({ backtest: { ...DEFAULT_BACKTEST, cadence: 'weekly' } });
    recompute.set(weekly);
    recompute.set({ ...weekly, config: simpleConfig(50, 50) }); // edits while the switch runs wait for it
    expect(log.switching).toEqual(['Building weekly snapshots…']);
    expect(opened[0]!.requests).toHaveLength(1);
    await land();
    expect(opened[0]!.disposed).toBe(true);
    expect(log.switching).toEqual(['Building weekly snapshots…', null]);
    expect(log.periods).toEqual([PERIODS.weekly]);
    expect(opened[1]!.requests).toHaveLength(1);
    expect(opened[1]!.requests[0]!.config.categories[0]!.weight).toBe(50);
  });

  it('keeps the current evaluator when the cadence is switched back before the new one is ready', async () => {
    const { recompute, opened, log, land } = await started();
    const monthly = model();
    recompute.set(monthly);
    recompute.set(model({ backtest: { ...DEFAULT_BACKTEST, cadence: 'weekly' } }));
    const back = model({ config: simpleConfig(70, 30) });
    recompute.set(back);
    expect(opened[0]!.requests.map((r) => r.config)).toEqual([monthly.config, back.config]);
    await land();
    expect(opened[1]!.disposed).toBe(true);
    expect(opened[0]!.disposed).toBe(false);
    expect(log.periods).toEqual([]);
    expect(log.switching.at(-1)).toBeNull();
    expect(opened[0]!.requests).toHaveLength(2);
  });

  it('reports a failed switch and clears the switching message', async () => {
    const { recompute, log, land, failOpen, opened } = await started();
    failOpen();
    recompute.set(model({ backtest: { ...DEFAULT_BACKTEST, cadence: 'weekly' } }));
    await land();
    expect(log.failed).toEqual(['no weekly snapshots']);
    expect(log.switching).toEqual(['Building weekly snapshots…', null]);
    expect(opened[0]!.disposed).toBe(false);
  });

  it('disposes an evaluator that finishes opening after the recompute was disposed', async () => {
    const { recompute, opened, land } = await started();
    recompute.set(model({ backtest: { ...DEFAULT_BACKTEST, cadence: 'weekly' } }));
    recompute.dispose();
    expect(opened[0]!.disposed).toBe(true);
    await land();
    expect(opened[1]!.disposed).toBe(true);
    expect(opened[1]!.requests).toHaveLength(0);
  });
});
