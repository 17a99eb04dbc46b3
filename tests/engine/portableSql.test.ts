/**
 * The exported SQL scores exactly as the engine does, on DuckDB and on
 * PostgreSQL, for the default model and one using every normalisation kind
 * and the re-weighting missing-data policy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelConfigSchema, type ModelConfig } from '../../engine/core/api/schema.js';
import { loadWorkbenchData, type LoadedData } from '../../engine/node/data/loadWorkbench.js';
import { EXPORT_TABLES } from '../../engine/node/data/exportTables.js';
import { portableScoreColumns, portableScoreSql } from '../../engine/core/export/portableSql.js';
import { DEFAULT_CONFIG } from '../../engine/core/model/defaults.js';
import { configurationOf, scoreFrame } from '../../engine/core/scoring/score.js';
import { tierIndex } from '../../engine/core/scoring/tiers.js';
import { exportTablesScript, postgresAvailable, startPostgres, type Postgres } from '../support/postgres.js';

const SAMPLE = join(import.meta.dirname, '..', '..', 'sample-data');

/** Every normalisation kind (percentile within segment and portfolio too), uneven signal weights, and re-weighting instead of neutral 50. */
const VARIED: ModelConfig = ModelConfigSchema.parse({
  ...DEFAULT_CONFIG,
  name: 'Varied',
  missing: 'reweight',
  categories: DEFAULT_CONFIG.categories.map((c) => {
    if (c.id === 'usage')
      return {
        ...c,
        signals: [
          ...c.signals.slice(0, 2),
          { signal: 'logins_yoy', weight: 1, normalisation: { kind: 'linear', worst: 0.6, best: 1.1 } },
          {
            signal: 'key_actions_trend',
            weight: 1.5,
            normalisation: { kind: 'bands', edges: [0.7, 0.95], scores: [10, 55, 95] },
          },
          {
            signal: 'session_trend',
            weight: 3,
            normalisation: {
              kind: 'rules',
              base: 60,
              rules: [
                { when: { op: '>=', value: 1 }, points: 10 },
                { when: { op: '<', value: 0.5 }, points: -20 },
                { when: { op: '==', value: 0 }, points: -40 },
              ],
            },
          },
        ],
      };
    if (c.id === 'support')
      return {
        ...c,
        signals: [
          ...c.signals.slice(0, 2),
          {
            signal: 'open_tickets',
            weight: 0.5,
            normalisation: { kind: 'boolean', when: { op: '>', value: 2 }, score: 10, otherwise: 90 },
          },
          {
            signal: 'ticket_volume_ratio',
            weight: 1,
            normalisation: { kind: 'percentile', higherIsBetter: false, within: 'portfolio' },
          },
        ],
      };
    if (c.id === 'growth')
      return {
        ...c,
        signals: [
          ...c.signals,
          {
            signal: 'seat_utilisation',
            weight: 2,
            normalisation: { kind: 'percentile', higherIsBetter: true, within: 'segment' },
          },
        ],
      };
    if (c.id === 'billing')
      return {
        ...c,
        signals: [
          ...c.signals,
          {
            signal: 'payment_current',
            weight: 1,
            normalisation: { kind: 'boolean', when: { op: '==', value: 1 }, score: 100, otherwise: 0 },
          },
          {
            signal: 'subscription_change',
            weight: 1,
            normalisation: { kind: 'bands', edges: [0.95, 1.05], scores: [10, 70, 100] },
          },
        ],
      };
    if (c.id === 'engagement')
      return {
        ...c,
        signals: [
          ...c.signals,
          { signal: 'training_completions', weight: 1, normalisation: { kind: 'linear', worst: 0, best: 2 } },
          {
            signal: 'community_actions',
            weight: 1,
            normalisation: { kind: 'percentile', higherIsBetter: true, within: 'portfolio' },
          },
          { signal: 'sentiment_trend', weight: 1, normalisation: { kind: 'linear', worst: -0.5, best: 0.5 } },
        ],
      };
    return c;
  }),
});

/** Three variants before the default: onboarding by age, Enterprise with its own policy and cut points, an ARR band on two plans. */
const VARIANTS: ModelConfig = ModelConfigSchema.parse({
  ...DEFAULT_CONFIG,
  name: 'Variants',
  variants: [
    {
      id: 'onboarding',
      name: 'Onboarding',
      when: { ageDaysBelow: 120 },
      categories: [
        VARIED.categories[0]!,
        { ...DEFAULT_CONFIG.categories[1]!, weight: 100 - VARIED.categories[0]!.weight },
      ],
      cuts: [75, 45, 0],
    },
    {
      id: 'enterprise',
      name: 'Enterprise',
      when: { segments: ['enterprise'] },
      categories: VARIED.categories,
      missing: 'reweight',
      cuts: [65, 35, 0],
    },
    {
      id: 'mid',
      name: 'Mid-market band',
      when: { arrMin: 20_000, arrBelow: 60_000, plans: ['Professional', ' starter'] },
      categories: DEFAULT_CONFIG.categories,
      missing: 'penalise',
    },
  ],
});

/** Trends against the same month a year earlier (falling back to trailing), for the default and one variant; the other variant keeps trailing. */
const SEASONAL: ModelConfig = ModelConfigSchema.parse({
  ...VARIANTS,
  name: 'Seasonal',
  baseline: 'last-year',
  variants: VARIANTS.variants!.map((v, k) => (k === 0 ? { ...v, baseline: 'trailing' } : v)),
  categories: VARIED.categories.map((c) =>
    c.id === 'usage'
      ? {
          ...c,
          signals: [
            ...c.signals,
            {
              signal: 'api_calls_trend',
              weight: 1,
              normalisation: { kind: 'percentile', higherIsBetter: true, within: 'segment' },
            },
          ],
        }
      : c,
  ),
});

const CASES: [string, ModelConfig][] = [
  ['default model', DEFAULT_CONFIG],
  ['every normalisation kind, re-weighting', VARIED],
  ['missing data penalised', { ...DEFAULT_CONFIG, missing: 'penalise' }],
  ['variants with their own rules, policies and cut points', VARIANTS],
  ['seasonal baseline with a trailing variant', SEASONAL],
];

let data: LoadedData;
let dates: string[];
beforeAll(async () => {
  data = await loadWorkbenchData(SAMPLE);
  dates = [data.frame.meta.periods.at(-1)!, data.frame.meta.periods[4]!];
});
afterAll(() => data?.close());

/** The engine's scores and tiers at a date, by account. */
function engineScores(
  config: ModelConfig,
  asOf: string,
): Map<string, { score: number; tier: string; configuration: string }> {
  const f = data.frame;
  const fs = scoreFrame(f, config);
  const m = f.meta.periods.indexOf(asOf);
  const out = new Map<string, { score: number; tier: string; configuration: string }>();
  for (let i = 0; i < f.n; i++) {
    if (f.period[i] !== m) continue;
    const c = fs.configurations[configurationOf(fs, i)]!;
    out.set(f.meta.accountIds[f.account[i]!]!, {
      score: fs.scores[i]!,
      tier: c.tiers.tiers[tierIndex(fs.scores[i]!, c.tiers)]!.id,
      configuration: c.id,
    });
  }
  return out;
}

function expectSame(
  rows: { id: string; score: number; tier: string; configuration: string | undefined }[],
  expected: Map<string, { score: number; tier: string; configuration: string }>,
) {
  expect(rows.length).toBe(expected.size);
  let mismatches = 0;
  const used = new Set<string>();
  for (const r of rows) {
    const e = expected.get(r.id);
    if (
      !e ||
      e.score !== r.score ||
      e.tier !== r.tier ||
      (r.configuration !== undefined && r.configuration !== e.configuration)
    )
      mismatches++;
    used.add(e?.configuration ?? '');
  }
  expect(mismatches).toBe(0);
  return used;
}

describe('portable SQL on DuckDB', () => {
  for (const [label, config] of CASES) {
    it(`gives the engine's scores and tiers exactly: ${label}`, async () => {
      for (const asOf of dates) {
        const sql = portableScoreSql(config, { asOf, usageIntervalDays: 7 });
        const rows = (await data.db.conn.runAndReadAll(sql)).getRowObjectsJson().map((r) => ({
          id: String(r.account_id),
          score: Number(r.score),
          tier: String(r.tier_id),
          configuration: r.configuration === undefined ? undefined : String(r.configuration),
        }));
        expect(
          Object.keys(
            (await data.db.conn.runAndReadAll(`${sql.replace(/;\s*$/, '')} LIMIT 1`)).getRowObjectsJson()[0]!,
          ),
        ).toEqual(portableScoreColumns(config));
        const used = expectSame(rows, engineScores(config, asOf));
        // The variants case means something only if every configuration scores someone.
        if (config === VARIANTS && asOf === dates[1])
          expect([...used].sort()).toEqual(['default', 'enterprise', 'mid', 'onboarding']);
      }
    });
  }
  it('refuses a date that is not YYYY-MM-DD (it goes into the SQL)', () => {
    expect(() =>
      portableScoreSql(DEFAULT_CONFIG, { asOf: "2026-10-31'; DROP TABLE accounts; --", usageIntervalDays: 7 }),
    ).toThrow(/YYYY-MM-DD/);
  });
});

const havePostgres = postgresAvailable();

describe.skipIf(!havePostgres)('portable SQL on PostgreSQL', () => {
  let pg: Postgres;
  beforeAll(async () => {
    pg = await startPostgres();
    // The same tables, moved over as CSV.
    const dir = mkdtempSync(join(tmpdir(), 'hsw-pg-data-'));
    pg.psql(await exportTablesScript(data.db, EXPORT_TABLES, dir));
  }, 120_000);
  afterAll(() => pg?.stop());

  for (const [label, config] of CASES) {
    it(`gives the engine's scores and tiers exactly: ${label}`, () => {
      for (const asOf of dates) {
        const out = pg.psql(portableScoreSql(config, { asOf, usageIntervalDays: 7 }));
        const header = portableScoreColumns(config);
        const rows = out
          .trim()
          .split('\n')
          .map((l) => {
            const cells = l.split('\t');
            return {
              id: cells[0]!,
              score: Number(cells[header.indexOf('score')]),
              tier: cells[header.indexOf('tier_id')]!,
              configuration: header.includes('configuration') ? cells[header.indexOf('configuration')] : undefined,
            };
          });
        expectSame(rows, engineScores(config, asOf));
      }
    }, 120_000);
  }
});
