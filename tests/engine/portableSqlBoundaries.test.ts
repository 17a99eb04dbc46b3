/**
 * Edges the sample data never lands on, pinned by hand in the app and in the
 * exported SQL on DuckDB and PostgreSQL: a score exactly on a cut point gets
 * the upper tier, and an NPS answer counts for exactly twelve months.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelConfigSchema, type ModelConfig } from '../../engine/core/api/schema.js';
import { loadWorkbenchData, type LoadedData } from '../../engine/node/data/loadWorkbench.js';
import { EXPORT_TABLES } from '../../engine/node/data/exportTables.js';
import { portableScoreColumns, portableScoreSql } from '../../engine/core/export/portableSql.js';
import { TRAFFIC_LIGHT } from '../../engine/core/model/defaults.js';
import { scoreFrame } from '../../engine/core/scoring/score.js';
import { tierIndex } from '../../engine/core/scoring/tiers.js';
import { exportTablesScript, postgresAvailable, startPostgres, type Postgres } from '../support/postgres.js';
import { weeklyUsage, writeExports, type Row } from './fixtures.js';

const AS_OF = '2025-03-31';

/** One category on the latest NPS answer, in bands that score 10, 40, 70 or 100: the score is the band's. */
const NPS_ONLY: ModelConfig = ModelConfigSchema.parse({
  schemaVersion: 1,
  name: 'NPS bands',
  missing: 'neutral',
  tiers: TRAFFIC_LIGHT,
  categories: [
    {
      id: 'voice',
      name: 'Voice',
      weight: 100,
      signals: [
        {
          signal: 'nps_latest',
          weight: 1,
          normalisation: { kind: 'bands', edges: [2, 5, 8], scores: [10, 40, 70, 100] },
        },
      ],
    },
  ],
});

/** Account → its NPS answers (date, score); and the score and tier each must get at AS_OF, by hand. */
const CASES: { id: string; answers: [string, number][]; score: number; tier: string; why: string }[] = [
  { id: 'B10', answers: [['2025-03-01', 1]], score: 10, tier: 'red', why: 'below both cut points' },
  { id: 'B40', answers: [['2025-03-01', 3]], score: 40, tier: 'yellow', why: 'exactly on the Yellow cut point (40)' },
  { id: 'B70', answers: [['2025-03-01', 6]], score: 70, tier: 'green', why: 'exactly on the Green cut point (70)' },
  { id: 'B100', answers: [['2025-03-01', 9]], score: 100, tier: 'green', why: 'top band' },
  // Twelve months before 2025-03-31 is 2024-03-31: an answer from that day is out, one from the next day in.
  { id: 'N-IN', answers: [['2024-04-01', 9]], score: 100, tier: 'green', why: 'answered 12 months less a day ago' },
  {
    id: 'N-12',
    answers: [['2024-03-31', 9]],
    score: 50,
    tier: 'yellow',
    why: 'answered exactly 12 months ago: out of the window, neutral 50',
  },
  {
    id: 'N-13',
    answers: [['2024-03-15', 9]],
    score: 50,
    tier: 'yellow',
    why: 'answered 12½ months ago: out of the window, neutral 50',
  },
  {
    id: 'N-LATE',
    answers: [
      ['2024-03-15', 9],
      ['2025-01-10', 6],
    ],
    score: 70,
    tier: 'green',
    why: 'the answer inside the window counts',
  },
];

let data: LoadedData;
beforeAll(async () => {
  const accounts: Row[] = CASES.map((c) => ({
    account_id: c.id,
    name: c.id,
    segment: 'SMB',
    signup_date: '2023-01-01',
    arr: 1000,
    seats: 5,
  }));
  // Usage through 2025-04 so March 2025 is a complete, observed month-end.
  const usage = CASES.flatMap((c) => weeklyUsage(c.id, '2024-01-01', 66, () => 5));
  const nps = CASES.flatMap((c) =>
    c.answers.map(([date, score], k) => ({ response_id: `${c.id}-${k}`, account_id: c.id, responded_at: date, score })),
  );
  data = await loadWorkbenchData(writeExports({ accounts, usage_events: usage, nps, churn: [] }));
});
afterAll(() => data?.close());

/** Every account scored and tiered as worked out by hand, each failure named with the reason it should hold. */
function expectByHand(got: { id: string; score: number; tier: string }[]) {
  expect(got.map((g) => g.id).sort()).toEqual(CASES.map((c) => c.id).sort());
  for (const c of CASES)
    expect(
      got.find((g) => g.id === c.id),
      `${c.id}: ${c.why}`,
    ).toEqual({ id: c.id, score: c.score, tier: c.tier });
}

describe('tiers at the cut points and the twelve-month NPS window', () => {
  it('in the app: a score exactly on a cut point gets the upper tier', () => {
    const f = data.frame;
    const m = f.meta.periods.indexOf(AS_OF);
    expect(m).toBeGreaterThanOrEqual(0);
    const scores = scoreFrame(f, NPS_ONLY).scores;
    const got = [];
    for (let i = 0; i < f.n; i++) {
      if (f.period[i] !== m) continue;
      got.push({
        id: f.meta.accountIds[f.account[i]!]!,
        score: scores[i]!,
        tier: TRAFFIC_LIGHT.tiers[tierIndex(scores[i]!, TRAFFIC_LIGHT)]!.id,
      });
    }
    expectByHand(got);
  });

  it('in the SQL on DuckDB: the same scores and tiers', async () => {
    const rows = (
      await data.db.conn.runAndReadAll(portableScoreSql(NPS_ONLY, { asOf: AS_OF, usageIntervalDays: 7 }))
    ).getRowObjectsJson();
    const got = rows.map((r) => ({ id: String(r.account_id), score: Number(r.score), tier: String(r.tier_id) }));
    expectByHand(got);
  });
});

const havePostgres = postgresAvailable();

describe.skipIf(!havePostgres)('tiers at the cut points and the twelve-month NPS window, on PostgreSQL', () => {
  let pg: Postgres;
  beforeAll(async () => {
    pg = await startPostgres();
    const dir = mkdtempSync(join(tmpdir(), 'hsw-pg-edges-'));
    pg.psql(await exportTablesScript(data.db, EXPORT_TABLES, dir));
  }, 120_000);
  afterAll(() => pg?.stop());

  it('in the SQL on PostgreSQL: the same scores and tiers', () => {
    const header = portableScoreColumns(NPS_ONLY);
    const out = pg.psql(portableScoreSql(NPS_ONLY, { asOf: AS_OF, usageIntervalDays: 7 }));
    const got = out
      .trim()
      .split('\n')
      .map((l) => {
        const cells = l.split('\t');
        return {
          id: cells[0]!,
          score: Number(cells[header.indexOf('score')]),
          tier: cells[header.indexOf('tier_id')]!,
        };
      });
    expectByHand(got);
  }, 60_000);
});
