/**
 * The warehouse score query (engine/core/export/portableSql.ts) on DuckDB over six hand-made accounts
 * whose latest NPS answer and answer count at 2025-03-31 are known, so every normalisation, category,
 * missing-data policy, tier and variant can be worked out by hand. No ticket is loaded, so csat_last5 is
 * unavailable for everyone: a category reading only it has no data.
 *
 * account  segment     plan     region  ARR      signed up   latest NPS  answers
 * P0       SMB         Starter  EMEA    1,000    2022-01-15  0           1
 * P2       SMB         Starter  EMEA    5,000    2022-01-15  2           2
 * P5       Enterprise  Pro      NA      50,000   2022-01-15  5           3
 * P8       Enterprise  " pro "  APAC    100,000  2022-01-15  8           4
 * P9       SMB         Starter  EMEA    50,000   2025-03-10  9           1
 * PN       SMB         (none)   (none)  (none)   2022-01-15  (none)      0
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelConfigSchema, type Category, type ModelConfig } from '../../engine/core/api/schema.js';
import { portableScoreColumns, portableScoreSql } from '../../engine/core/export/portableSql.js';
import { TRAFFIC_LIGHT } from '../../engine/core/model/defaults.js';
import { specDatabase } from '../support/builtinSpecs.js';
import { accountRow, fillTables, rowsByAccount, type Value } from '../support/warehouseTables.js';
import type { Row } from './fixtures.js';

const AS_OF = '2025-03-31';
const OPTIONS = { asOf: AS_OF, usageIntervalDays: 1 };
const database = specDatabase();

const ANSWERS: Record<string, number[]> = { P0: [0], P2: [2, 2], P5: [5, 5, 5], P8: [8, 8, 8, 8], P9: [9] };

beforeAll(async () => {
  await fillTables(database(), {
    accounts: [
      accountRow('P0', { arr: 1000 }),
      accountRow('P2', { arr: 5000 }),
      accountRow('P5', { segment: 'Enterprise', plan: 'Pro', region: 'NA', arr: 50000 }),
      accountRow('P8', { segment: 'Enterprise', plan: ' pro ', region: 'APAC', arr: 100000 }),
      accountRow('P9', { arr: 50000, signup_date: '2025-03-10' }),
      accountRow('PN', { plan: null, region: null, arr: null }),
    ],
    // Each account's answers on consecutive days of January, the same score each time.
    nps: Object.entries(ANSWERS).flatMap(([id, scores]) =>
      scores.map((score, k): Row => ({
        response_id: `${id}-${k}`,
        account_id: id,
        responded_at: `2025-01-0${k + 1}`,
        score,
      })),
    ),
  });
});

const model = (name: string, categories: Category[], extra: Partial<ModelConfig> = {}): ModelConfig =>
  ModelConfigSchema.parse({ schemaVersion: 1, name, missing: 'neutral', tiers: TRAFFIC_LIGHT, categories, ...extra });

/** nps_latest from -2 (0 points) to 8 (100 points): P0 20, P2 40, P5 70, P8 100, P9 100 (clipped), PN none. */
const npsLinear = { signal: 'nps_latest', weight: 3, normalisation: { kind: 'linear', worst: -2, best: 8 } } as const;
const csat = { signal: 'csat_last5', weight: 1, normalisation: { kind: 'linear', worst: 1, best: 5 } } as const;

/** Voice (60) on the NPS answer, support (40) on CSAT, which nobody has. */
const policyModel = (missing: ModelConfig['missing']) =>
  model(
    `Policy ${missing}`,
    [
      // CSAT is unavailable, so only the NPS answer's weight counts within the category.
      { id: 'voice', name: 'Voice', weight: 60, signals: [npsLinear, csat] },
      { id: 'support', name: 'Support', weight: 40, signals: [csat] },
    ],
    { missing },
  );

const run = async (config: ModelConfig) => rowsByAccount(database(), portableScoreSql(config, OPTIONS));

/** Columns of every account, by account id; numbers as the query's REAL-rounded doubles. */
const pick = (got: Map<string, Record<string, Value>>, columns: string[]) =>
  Object.fromEntries([...got].map(([id, r]) => [id, columns.map((c) => r[c])]));

const f = Math.fround;

describe('the warehouse score query: missing-data policies and tiers', () => {
  it('neutral: a category without data scores 50', async () => {
    expect(pick(await run(policyModel('neutral')), ['cat_voice', 'cat_support', 'score', 'tier_id'])).toEqual({
      P0: [20, null, (60 * 20 + 40 * 50) / 100, 'red'],
      P2: [40, null, (60 * 40 + 40 * 50) / 100, 'yellow'],
      P5: [70, null, (60 * 70 + 40 * 50) / 100, 'yellow'],
      P8: [100, null, (60 * 100 + 40 * 50) / 100, 'green'],
      P9: [100, null, 80, 'green'],
      PN: [null, null, 50, 'yellow'],
    });
  });

  it('penalise: a category without data scores 0', async () => {
    expect(pick(await run(policyModel('penalise')), ['score', 'tier_id'])).toEqual({
      P0: [12, 'red'],
      P2: [24, 'red'],
      P5: [42, 'yellow'],
      P8: [60, 'yellow'],
      P9: [60, 'yellow'],
      PN: [0, 'red'],
    });
  });

  it('re-weight: the categories with data share the weight; a score exactly on a cut point gets the upper tier; no data, no score', async () => {
    expect(pick(await run(policyModel('reweight')), ['score', 'tier_id', 'tier', 'action'])).toEqual({
      P0: [20, 'red', 'Red', 'Critical: intervention — within 48 hours'],
      P2: [40, 'yellow', 'Yellow', 'At risk: proactive check-in — within a week'],
      P5: [70, 'green', 'Green', 'Healthy: look for expansion'],
      P8: [100, 'green', 'Green', 'Healthy: look for expansion'],
      P9: [100, 'green', 'Green', 'Healthy: look for expansion'],
      PN: [null, null, null, null],
    });
  });

  it('quotes tier names and actions with apostrophes, and names the configuration on one line', async () => {
    const tiers = {
      ...TRAFFIC_LIGHT,
      tiers: TRAFFIC_LIGHT.tiers.map((t) => ({ ...t, name: `${t.name}'s`, action: `Call the sponsor's office` })),
    };
    const config = { ...policyModel('reweight'), name: 'Q1\nrenewals', tiers };
    const sql = portableScoreSql(config, OPTIONS);
    expect(sql.split('\n')[0]).toBe(
      '-- Health Score Workbench: "Q1 renewals" (configuration schema 1), scored at 2025-03-31.',
    );
    expect(pick(await rowsByAccount(database(), sql), ['tier', 'action']).P0).toEqual([
      "Red's",
      "Call the sponsor's office — within 48 hours",
    ]);
  });
});

describe('the warehouse score query: normalisations', () => {
  it('rules add their points to the base, clipped to 0–100; bands go up at each edge; a condition scores one of two', async () => {
    const config = model('Normalisations', [
      {
        id: 'rules',
        name: 'Rules',
        weight: 40,
        signals: [
          {
            signal: 'nps_latest',
            weight: 1,
            normalisation: {
              kind: 'rules',
              base: 50,
              rules: [
                { when: { op: '>=', value: 8 }, points: 60 },
                { when: { op: '==', value: 0 }, points: -70 },
                { when: { op: '<', value: 3 }, points: -10 },
                { when: { op: '<=', value: 5 }, points: 5 },
                { when: { op: '>', value: 4 }, points: 1 },
              ],
            },
          },
        ],
      },
      {
        id: 'bands',
        name: 'Bands',
        weight: 30,
        signals: [
          {
            signal: 'nps_latest',
            weight: 1,
            normalisation: { kind: 'bands', edges: [2, 5, 8], scores: [10, 40, 70, 100] },
          },
        ],
      },
      {
        id: 'flag',
        name: 'Flag',
        weight: 30,
        signals: [
          {
            signal: 'nps_latest',
            weight: 1,
            normalisation: { kind: 'boolean', when: { op: '>', value: 4 }, score: 90, otherwise: 30 },
          },
        ],
      },
    ]);
    expect(pick(await run(config), ['cat_rules', 'cat_bands', 'cat_flag', 'score'])).toEqual({
      P0: [0, 10, 30, (40 * 0 + 30 * 10 + 30 * 30) / 100], // 50 − 70 − 10 + 5 = −25, clipped
      P2: [45, 40, 30, (40 * 45 + 30 * 40 + 30 * 30) / 100], // 50 − 10 + 5; on the edge 2: the next band
      P5: [56, 70, 90, f((40 * 56 + 30 * 70 + 30 * 90) / 100)], // 50 + 5 + 1
      P8: [100, 100, 90, (40 * 100 + 30 * 100 + 30 * 90) / 100], // 50 + 60 + 1 = 111, clipped
      P9: [100, 100, 90, 97],
      PN: [null, null, null, 50],
    });
  });

  it('writes equality as =, which PostgreSQL reads too (DuckDB would also take ==)', () => {
    const config = model('Equality', [
      {
        id: 'flag',
        name: 'Flag',
        weight: 100,
        signals: [
          {
            signal: 'nps_latest',
            weight: 1,
            normalisation: { kind: 'boolean', when: { op: '==', value: 0 }, score: 0, otherwise: 100 },
          },
        ],
      },
    ]);
    const sql = portableScoreSql(config, OPTIONS);
    expect(sql).toContain('sig.nps_latest = CAST(0 AS DOUBLE PRECISION)');
    expect(sql).not.toContain('==');
  });

  it('percentile ranks among the accounts with a value, over the portfolio or within the segment, either way up', async () => {
    const pct = (id: string, signal: 'nps_latest' | 'nps_responses_12m', higherIsBetter: boolean, within: string) => ({
      id,
      name: id,
      weight: id === 'up' ? 34 : 33,
      signals: [{ signal, weight: 1, normalisation: { kind: 'percentile', higherIsBetter, within } }],
    });
    const config = model('Percentiles', [
      pct('up', 'nps_latest', true, 'portfolio'),
      pct('down', 'nps_latest', false, 'portfolio'),
      pct('seg', 'nps_responses_12m', false, 'segment'),
    ] as Category[]);
    // nps_latest ranks 0, ¼, ½, ¾, 1 among the five with an answer. Answers within SMB: PN 0, P0 and P9 1
    // (tied), P2 2, ranked 0, ⅓, ⅓, 1; within Enterprise P5 3, P8 4, ranked 0 and 1; lower is better.
    expect(pick(await run(config), ['cat_up', 'cat_down', 'cat_seg'])).toEqual({
      P0: [0, 100, f((1 - 1 / 3) * 100)],
      P2: [25, 75, 0],
      P5: [50, 50, 100],
      P8: [75, 25, 0],
      P9: [100, 0, f((1 - 1 / 3) * 100)],
      PN: [null, null, 100],
    });
  });

  it('refuses a number that is not finite, naming it', () => {
    const config = policyModel('neutral');
    const broken = {
      ...config,
      categories: [
        {
          ...config.categories[0]!,
          signals: [{ ...npsLinear, normalisation: { kind: 'linear', worst: 0, best: Infinity } }],
        },
        config.categories[1]!,
      ],
    } as ModelConfig;
    expect(() => portableScoreSql(broken, OPTIONS)).toThrow('not a finite number: Infinity');
  });

  it('refuses an as-of date that is not YYYY-MM-DD, naming it', () => {
    for (const asOf of ['2025-3-31', '2025-03-31 ', 'x2025-03-31'])
      expect(() => portableScoreSql(policyModel('neutral'), { asOf, usageIntervalDays: 1 }), asOf).toThrow(
        `asOf must be YYYY-MM-DD, got ${asOf}`,
      );
  });
});

describe('the warehouse score query: variants', () => {
  const one = (id: string, normalisation: object, signal = 'nps_responses_12m') => [
    { id, name: id, weight: 100, signals: [{ signal, weight: 1, normalisation }] },
  ];
  /** The first variant whose rule matches scores the account; the default the rest. */
  const variants = () =>
    model('Variants', one('voice', { kind: 'linear', worst: -2, best: 8 }, 'nps_latest') as Category[], {
      variants: [
        {
          id: 'apac',
          name: 'APAC Pro',
          // EMEA's accounts are on Starter (or no plan): both lists must match.
          when: { regions: ['emea', 'apac'], plans: ['PRO'] },
          categories: one('loyalty', { kind: 'linear', worst: 0, best: 4 }) as Category[],
        },
        {
          id: 'ent',
          name: 'Enterprise',
          when: { segments: [' enterprise '] },
          categories: one('loyalty', { kind: 'linear', worst: 0, best: 4 }) as Category[],
          cuts: [80, 50, 0],
        },
        {
          id: 'mid',
          name: 'Mid-market',
          when: { arrMin: 5000, arrBelow: 50000 },
          categories: one('voice', { kind: 'bands', edges: [5], scores: [0, 100] }, 'nps_latest') as Category[],
        },
        {
          id: 'new',
          name: 'Onboarding',
          when: { ageDaysBelow: 30 },
          categories: one('reach', { kind: 'linear', worst: 0, best: 2 }) as Category[],
        },
      ],
    });

  it('returns the configuration and the categories of every configuration, the default first', () => {
    expect(portableScoreColumns(variants())).toEqual([
      'account_id',
      'as_of',
      'configuration',
      'cat_voice',
      'cat_reach',
      'cat_loyalty',
      'score',
      'tier_id',
      'tier',
      'action',
    ]);
    expect(portableScoreColumns(policyModel('neutral'))).toEqual([
      'account_id',
      'as_of',
      'cat_voice',
      'cat_support',
      'score',
      'tier_id',
      'tier',
      'action',
    ]);
  });

  it('scores each account under the first configuration whose rule matches, with its cut points', async () => {
    const got = await run(variants());
    expect(pick(got, ['configuration', 'cat_voice', 'cat_reach', 'cat_loyalty', 'score', 'tier_id'])).toEqual({
      P0: ['default', 20, null, null, 20, 'red'], // ARR 1,000: below the band
      P2: ['mid', 0, null, null, 0, 'red'], // ARR 5,000: the band's lower end is in
      P5: ['ent', null, null, 75, 75, 'yellow'], // Enterprise cuts: 75 is below 80
      P8: ['apac', null, null, 100, 100, 'green'], // " pro " in APAC; Enterprise too, but apac comes first
      P9: ['new', null, 50, null, 50, 'yellow'], // ARR 50,000 is past the band; 21 days old
      PN: ['default', null, null, null, 50, 'yellow'], // an unknown ARR is in no band
    });
    expect(got.get('P0')!.as_of).toBe(AS_OF);
  });

  it('returns exactly the columns it names, in that order, with and without variants', async () => {
    for (const config of [variants(), policyModel('neutral')]) {
      const r = await database().conn.runAndReadAll(portableScoreSql(config, OPTIONS));
      expect(r.columnNames(), config.name).toEqual(portableScoreColumns(config));
    }
  });

  it("separates the assignment's arms: PostgreSQL 15 rejects a number run into a keyword (0WHEN), which DuckDB takes", () => {
    const sql = portableScoreSql(variants(), OPTIONS);
    const cfg = sql.slice(sql.indexOf('CASE WHEN LOWER'), sql.indexOf(' AS cfg'));
    expect(cfg.match(/THEN \d+ (WHEN|ELSE) /g)).toEqual([
      'THEN 0 WHEN ',
      'THEN 1 WHEN ',
      'THEN 2 WHEN ',
      'THEN 3 ELSE ',
    ]);
  });
});

describe('the warehouse score query: custom signals and subscriptions', () => {
  it('heads the query with what it reads and scores a custom signal on the accounts table from its export date', async () => {
    const config = model(
      'Size',
      [
        {
          id: 'size',
          name: 'Size',
          weight: 100,
          signals: [{ signal: 'custom.arr_now', weight: 1, normalisation: { kind: 'linear', worst: 0, best: 100000 } }],
        },
      ],
      {
        customSignals: [
          {
            id: 'custom.arr_now',
            label: 'ARR as exported',
            category: 'engagement',
            table: 'accounts',
            column: 'arr',
            aggregation: 'max',
            window: 'since_start',
            comparison: 'value',
            direction: 'higher_is_healthier',
          },
        ],
      },
    );
    const sql = portableScoreSql(config, { ...OPTIONS, subscriptions: true, accountsExportDate: '2025-01-31' });
    const lines = sql.split('\n');
    expect(lines[1]).toContain('churn (with its reactivation flag) and subscriptions,');
    expect(lines[3]).toContain('gaps of up to 30 days are one episode');
    expect(lines[5]).toBe(
      '-- Custom signals read the accounts table as exported on 2025-01-31: known from that date, unavailable before it.',
    );
    // The subscriptions table is empty, so every account keeps its accounts row.
    expect(pick(await rowsByAccount(database(), sql), ['cat_size', 'score'])).toEqual({
      P0: [1, 1],
      P2: [5, 5],
      P5: [50, 50],
      P8: [100, 100],
      P9: [50, 50],
      PN: [null, 50],
    });
  });
});
