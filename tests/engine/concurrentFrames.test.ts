import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadWorkbenchData, type LoadedData } from '../../engine/node/data/loadWorkbench.js';
import { CustomSignalSchema, type CustomSignal } from '../../engine/core/api/schema.js';
import type { SnapshotFrame } from '../../engine/core/snapshots/frame.js';

const SAMPLE = join(import.meta.dirname, '../../sample-data');

const logins = (days: number): CustomSignal =>
  CustomSignalSchema.parse({
    id: `custom.logins_${days}d`,
    label: `Logins over ${days} days`,
    category: 'usage',
    table: 'usage_events',
    column: 'logins',
    aggregation: 'sum',
    window: days,
    comparison: 'value',
    direction: 'higher_is_healthier',
  });

/** Every column of a frame as plain arrays, NaN kept as a string so toEqual tells them apart from 0. */
const columns = (f: SnapshotFrame) =>
  Object.fromEntries(
    [...Object.entries(f.values), ['daysToChurn', f.daysToChurn], ['account', f.account]].map(([k, v]) => [
      k,
      Array.from(v as ArrayLike<number>, (x) => (Number.isNaN(x) ? 'NaN' : x)),
    ]),
  );

describe('snapshot builds asked for at the same time', () => {
  let together: LoadedData;
  let apart: LoadedData;
  beforeAll(async () => {
    [together, apart] = await Promise.all([loadWorkbenchData(SAMPLE), loadWorkbenchData(SAMPLE)]);
  }, 120_000);
  afterAll(() => {
    together?.close();
    apart?.close();
  });

  it('give the same frames as the same builds made one after another', async () => {
    const asks = [
      (d: LoadedData) => d.frameAt('weekly'),
      (d: LoadedData) => d.frameAt('monthly', 30),
      (d: LoadedData) => d.frameAt('monthly', undefined, [logins(30)]),
      (d: LoadedData) => d.frameAt('monthly', undefined, [logins(90)]),
    ];
    const atOnce = await Promise.all(asks.map((ask) => ask(together)));
    for (const [k, ask] of asks.entries()) {
      const alone = await ask(apart);
      expect(atOnce[k]!.n, `build ${k}`).toBe(alone.n);
      expect(columns(atOnce[k]!), `build ${k}`).toEqual(columns(alone));
    }
  }, 240_000);
});
