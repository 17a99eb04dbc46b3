/**
 * The warehouse score query's trend baseline (engine/core/export/portableSql.ts, the _ly columns of
 * portableSignals.ts) on DuckDB at 2025-03-31: under 'last-year' a usage trend compares this month with
 * March 2024, and falls back to the trailing three months for an account without a year of history.
 * Values worked out by hand.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelConfigSchema, type ModelConfig } from '../../engine/core/api/schema.js';
import { portableScoreSql } from '../../engine/core/export/portableSql.js';
import { TRAFFIC_LIGHT } from '../../engine/core/model/defaults.js';
import { specDatabase } from '../support/builtinSpecs.js';
import { accountRow, fillTables, rowsByAccount, usageRow } from '../support/warehouseTables.js';

const AS_OF = '2025-03-31';
const database = specDatabase();

beforeAll(async () => {
  await fillTables(database(), {
    accounts: [accountRow('L1'), accountRow('L2')],
    usage_events: [
      // L1: 12 logins this month, 8 a month over January to March, 10 in March 2024.
      usageRow('L1', '2024-03-15', { logins: 10 }),
      usageRow('L1', '2025-01-15', { logins: 6 }),
      usageRow('L1', '2025-02-15', { logins: 6 }),
      usageRow('L1', '2025-03-15', { logins: 12 }),
      // L2: no usage a year ago; 5 a month.
      usageRow('L2', '2025-01-15', { logins: 5 }),
      usageRow('L2', '2025-02-15', { logins: 5 }),
      usageRow('L2', '2025-03-15', { logins: 5 }),
    ],
  });
});

/** One category on the logins trend, 0 points at a ratio of 0 and 100 at 2. */
const trendModel = (baseline: ModelConfig['baseline'], variantBaseline?: ModelConfig['baseline']) =>
  ModelConfigSchema.parse({
    schemaVersion: 1,
    name: 'Trend',
    missing: 'neutral',
    tiers: TRAFFIC_LIGHT,
    baseline,
    categories: [
      {
        id: 'usage',
        name: 'Usage',
        weight: 100,
        signals: [{ signal: 'logins_trend', weight: 1, normalisation: { kind: 'linear', worst: 0, best: 2 } }],
      },
    ],
    ...(variantBaseline
      ? {
          variants: [
            {
              id: 'l2',
              name: 'L2',
              when: { arrMin: 0 },
              baseline: variantBaseline,
              categories: [
                {
                  id: 'usage',
                  name: 'Usage',
                  weight: 100,
                  signals: [
                    { signal: 'logins_trend', weight: 1, normalisation: { kind: 'linear', worst: 0, best: 2 } },
                  ],
                },
              ],
            },
          ],
        }
      : {}),
  });

/** The ratio is kept as a 32-bit float (1.2 becomes 1.2000000477), then scored, then rounded again. */
const lastYearScore = Math.fround((Math.fround(12 / 10) / 2) * 100);

const scores = async (config: ModelConfig) => {
  const got = await rowsByAccount(database(), portableScoreSql(config, { asOf: AS_OF, usageIntervalDays: 1 }));
  return [got.get('L1')!.cat_usage, got.get('L2')!.cat_usage];
};

describe('the warehouse score query: the trend baseline', () => {
  it('trailing: this month against the three months to it', async () => {
    expect(await scores(trendModel('trailing'))).toEqual([(12 / 8 / 2) * 100, 50]);
  });

  it('last year: this month against the same month a year earlier, else the trailing months', async () => {
    expect(await scores(trendModel('last-year'))).toEqual([lastYearScore, 50]);
  });

  it("a variant's own baseline applies to the accounts it scores", async () => {
    // Every account has an ARR of at least 0, so the variant scores both.
    expect(await scores(trendModel('trailing', 'last-year'))).toEqual([lastYearScore, 50]);
  });
});
