/**
 * The warehouse SQL follows the engine on an export unlike the sample data
 * (tests/fixtures/exports/warehouse, written by make_warehouse.py): usage
 * without logins and invoices without due dates (those signals unavailable,
 * never 0), accounts that churn and come back through churn rows, and
 * accounts whose activity, ARR, plan, seats and renewal come from
 * subscriptions. Every signal, the score and the tier of every account are
 * compared with the engine's frame at two month-ends, on DuckDB and PostgreSQL.
 *
 * What each account plants:
 * - W01 plain; renewal date in the accounts table. W05 active users blank from March 2025 (unknown, not 0).
 * - W02 churns 2024-08-20, comes back 2024-12-15: not scored in October, scored in April aged from its return.
 * - W03 churns 2025-02-10 for good. W04 churns and returns the same day, then a duplicate return (no effect).
 * - W06 usage stops in March 2025 (trends 0). W07 a churn row before its signup (no effect), no seats.
 * - W08 a yearly renewal 14 days late (within the 30 days' grace: one episode), plan and seats from it.
 * - W09 a 72-day gap (a new episode, aged from 2024-09-10), then a quarterly add-on (ARR up on three months ago).
 * - W10 a trial (pays nothing) overlapping the paid subscription that follows it; no seats in its subscriptions.
 * - W11 a weekly subscription that ended 2024-12-31. W12 only a subscription starting after both dates: never scored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelConfigSchema, type ModelConfig } from '../../engine/core/api/schema.js';
import { loadWorkbenchData, type LoadedData } from '../../engine/node/data/loadWorkbench.js';
import { EXPORT_TABLES } from '../../engine/node/data/exportTables.js';
import {
  portableScoreColumns,
  portableScoreSql,
  portableSignalColumns,
  portableSignalsSql,
  type PortableSqlOptions,
} from '../../engine/core/export/portableSql.js';
import { DEFAULT_CONFIG } from '../../engine/core/model/defaults.js';
import { configurationOf, scoreFrame } from '../../engine/core/scoring/score.js';
import { tierIndex } from '../../engine/core/scoring/tiers.js';
import { SIGNAL_IDS } from '../../engine/core/signals/catalog.js';
import { exportTablesScript, postgresAvailable, startPostgres, type Postgres } from '../support/postgres.js';
import { rowIndex } from './fixtures.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'exports', 'warehouse');
const DATES = ['2024-10-31', '2025-04-30'];
const options = (asOf: string): PortableSqlOptions => ({ asOf, usageIntervalDays: 7, subscriptions: true });

/** Young accounts (a return restarts age), a plan band (plans come from subscriptions) and an ARR band, before the default. */
const LIFECYCLE: ModelConfig = ModelConfigSchema.parse({
  ...DEFAULT_CONFIG,
  name: 'Lifecycle',
  variants: [
    {
      id: 'young',
      name: 'Young',
      when: { ageDaysBelow: 180 },
      categories: DEFAULT_CONFIG.categories,
      cuts: [80, 50, 0],
    },
    {
      id: 'pro',
      name: 'Professional',
      when: { plans: ['Professional'] },
      categories: DEFAULT_CONFIG.categories,
      missing: 'penalise',
    },
    {
      id: 'big',
      name: 'Big',
      when: { arrMin: 40_000 },
      categories: DEFAULT_CONFIG.categories,
      missing: 'reweight',
      cuts: [65, 35, 0],
    },
  ],
});
const CONFIGS: [string, ModelConfig][] = [
  ['default model', DEFAULT_CONFIG],
  ['missing data penalised', { ...DEFAULT_CONFIG, missing: 'penalise' }],
  ['variants by age, plan and ARR', LIFECYCLE],
];

type Cell = string | number | null;
type Rows = Map<string, Record<string, Cell>>;

/** The fixture again, its tickets without escalation flags or closing dates (a help desk export that has neither). */
function withoutTicketFlags(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hsw-warehouse-'));
  cpSync(FIXTURE, dir, { recursive: true });
  const [head, ...lines] = readFileSync(join(dir, 'tickets.csv'), 'utf8').trimEnd().split('\n');
  const cols = head!.split(',');
  const blank = new Set(['closed_at', 'escalated'].map((c) => cols.indexOf(c)));
  const rows = lines.map((l) =>
    l
      .split(',')
      .map((x, k) => (blank.has(k) ? '' : x))
      .join(','),
  );
  writeFileSync(join(dir, 'tickets.csv'), [head, ...rows].join('\n') + '\n');
  return dir;
}

const EXPORTS = [
  {
    schema: 'wh_full',
    label: 'export without logins or due dates, with returns and subscriptions',
    dir: () => FIXTURE,
  },
  {
    schema: 'wh_noflags',
    label: 'the same, tickets without escalation flags or closing dates',
    dir: withoutTicketFlags,
  },
];
const loaded = new Map<string, LoadedData>();
let data: LoadedData;
beforeAll(async () => {
  for (const e of EXPORTS) loaded.set(e.schema, await loadWorkbenchData(e.dir()));
  data = loaded.get('wh_full')!;
});
afterAll(() => loaded.forEach((d) => d.close()));
const use = (schema: string) => {
  data = loaded.get(schema)!;
};

/** The engine's frame at a date, as the signal query's rows (NULL for NaN). */
function engineSignals(asOf: string): Rows {
  const f = data.frame;
  const m = f.meta.periods.indexOf(asOf);
  expect(m, `${asOf} is a snapshot date`).toBeGreaterThanOrEqual(0);
  const out: Rows = new Map();
  for (let i = 0; i < f.n; i++) {
    if (f.period[i] !== m) continue;
    const id = f.meta.accountIds[f.account[i]!]!;
    const v = (x: number) => (Number.isNaN(x) ? null : x);
    out.set(id, {
      plan: f.meta.plans[f.plan[i]!]!,
      arr: v(f.arr[i]!),
      age_days: f.ageDays[i]!,
      ...Object.fromEntries(SIGNAL_IDS.map((s) => [s, v(f.values[s][i]!)])),
    });
  }
  return out;
}

function engineScores(config: ModelConfig, asOf: string): Rows {
  const f = data.frame;
  const fs = scoreFrame(f, config);
  const m = f.meta.periods.indexOf(asOf);
  const out: Rows = new Map();
  for (let i = 0; i < f.n; i++) {
    if (f.period[i] !== m) continue;
    const c = fs.configurations[configurationOf(fs, i)]!;
    out.set(f.meta.accountIds[f.account[i]!]!, {
      score: fs.scores[i]!,
      tier_id: c.tiers.tiers[tierIndex(fs.scores[i]!, c.tiers)]!.id,
      ...(config.variants?.length ? { configuration: c.id } : {}),
    });
  }
  return out;
}

/** Rows from either database as records of the named columns (numbers parsed, NULL as null). */
function keyed(rows: Record<string, Cell>[], columns: string[]): Rows {
  const out: Rows = new Map();
  for (const r of rows) {
    const rec: Record<string, Cell> = {};
    for (const c of columns) {
      const x = r[c];
      rec[c] = x === null || x === undefined || x === '' ? null : typeof x === 'number' ? x : x;
    }
    out.set(String(r.account_id), rec);
  }
  return out;
}

/** Same accounts, and every column of the expectation equal (numbers exactly). Lists every difference. */
function expectSameRows(got: Rows, expected: Rows, what: string) {
  expect([...got.keys()].sort(), `${what}: accounts scored`).toEqual([...expected.keys()].sort());
  const diffs: string[] = [];
  for (const [id, e] of expected) {
    const g = got.get(id)!;
    for (const [k, v] of Object.entries(e)) {
      const gv = g[k] ?? null;
      const same = typeof v === 'number' ? gv !== null && Number(gv) === v : gv === v;
      if (!same) diffs.push(`${id}.${k}: engine ${String(v)}, SQL ${String(gv)}`);
    }
  }
  expect(diffs, what).toEqual([]);
}

const numeric = new Set(['arr', 'age_days', 'score', ...SIGNAL_IDS]);
const fromDuckDb = (r: Record<string, unknown>): Record<string, Cell> =>
  Object.fromEntries(
    Object.entries(r).map(([k, v]) => [k, v === null ? null : numeric.has(k) ? Number(v) : String(v)]),
  );

describe('the fixture plants what the test is about (in the engine)', () => {
  it('no logins, no due dates; churn and return; subscriptions', () => {
    const f = data.frame;
    expect(f.meta.usageIntervalDays).toBe(7);
    for (const s of ['logins_trend', 'logins_yoy', 'max_days_overdue', 'late_payments_6m', 'payment_current'] as const)
      expect(Array.from(f.values[s]).every(Number.isNaN), `${s} is unavailable`).toBe(true);
    const at = (id: string, d: string) => rowIndex(f, id, d) >= 0;
    expect(DATES.map((d) => at('W02', d))).toEqual([false, true]);
    expect(DATES.map((d) => at('W03', d))).toEqual([true, false]);
    expect(DATES.map((d) => at('W11', d))).toEqual([true, false]);
    expect(DATES.map((d) => at('W12', d))).toEqual([false, false]);
    // 2024-12-15 to 2025-04-30; 2024-09-10 to 2024-10-31 (the 72-day gap restarts age).
    expect(f.ageDays[rowIndex(f, 'W02', DATES[1]!)]).toBe(136);
    expect(f.ageDays[rowIndex(f, 'W09', DATES[0]!)]).toBe(51);
    expect(f.values.seat_utilisation[rowIndex(f, 'W05', DATES[1]!)]).toBeNaN();
    expect(f.values.session_trend[rowIndex(f, 'W06', DATES[1]!)]).toBe(0);
    expect(f.values.active_subscriptions[rowIndex(f, 'W09', DATES[1]!)]).toBe(2);
    expect(f.values.escalations_3m[rowIndex(f, 'W01', DATES[0]!)]).not.toBeNaN();
  });
  it('without escalation flags or closing dates, escalations, open tickets and CSAT are unavailable', () => {
    const f = loaded.get('wh_noflags')!.frame;
    for (const s of ['escalations_3m', 'open_tickets', 'csat_last5'] as const)
      expect(Array.from(f.values[s]).every(Number.isNaN), `${s} is unavailable`).toBe(true);
    expect(f.values.ticket_volume_ratio[rowIndex(f, 'W01', DATES[0]!)]).not.toBeNaN();
  });
});

describe.each(EXPORTS)('portable SQL on DuckDB, $label', ({ schema }) => {
  beforeAll(() => use(schema));
  it('gives every signal of every account exactly, at both dates', async () => {
    for (const asOf of DATES) {
      const r = await data.db.conn.runAndReadAll(portableSignalsSql(options(asOf)));
      expect(r.columnNames()).toEqual(portableSignalColumns());
      const rows = r.getRowObjectsJS().map((x) => fromDuckDb(x as Record<string, unknown>));
      expectSameRows(keyed(rows, portableSignalColumns()), engineSignals(asOf), `signals at ${asOf}`);
    }
  });
  for (const [label, config] of CONFIGS) {
    it(`gives the engine's scores and tiers exactly: ${label}`, async () => {
      for (const asOf of DATES) {
        const r = await data.db.conn.runAndReadAll(portableScoreSql(config, options(asOf)));
        const rows = r.getRowObjectsJS().map((x) => fromDuckDb(x as Record<string, unknown>));
        expectSameRows(keyed(rows, portableScoreColumns(config)), engineScores(config, asOf), `${label} at ${asOf}`);
      }
    });
  }
});

const havePostgres = postgresAvailable();

describe.skipIf(!havePostgres)('portable SQL on PostgreSQL, the same exports', () => {
  let pg: Postgres;
  beforeAll(async () => {
    pg = await startPostgres();
    const dir = mkdtempSync(join(tmpdir(), 'hsw-pg-warehouse-'));
    let script = '';
    // Each export in its own schema; a query reads one through the search path.
    for (const e of EXPORTS) {
      script += `CREATE SCHEMA ${e.schema};\nSET search_path TO ${e.schema};\n`;
      script += await exportTablesScript(loaded.get(e.schema)!.db, EXPORT_TABLES, dir, `${e.schema}-`);
    }
    pg.psql(script);
  }, 120_000);
  afterAll(() => pg?.stop());

  /** psql's tab-separated rows as records; an empty cell is NULL (no text column here is ever empty). */
  let schema = 'wh_full';
  const query = (sql: string, columns: string[]) =>
    pg
      .psql(`SET search_path TO ${schema};\n${sql}`)
      .trim()
      .split('\n')
      .map((l) => {
        const cells = l.split('\t');
        return Object.fromEntries(
          columns.map((c, k) => {
            const x = cells[k]!;
            return [c, x === '' ? null : numeric.has(c) ? Number(x) : x];
          }),
        ) as Record<string, Cell>;
      });

  describe.each(EXPORTS)('$label', (e) => {
    beforeAll(() => {
      use(e.schema);
      schema = e.schema;
    });
    it('gives every signal of every account exactly, at both dates', () => {
      for (const asOf of DATES) {
        const rows = query(portableSignalsSql(options(asOf)), portableSignalColumns());
        expectSameRows(keyed(rows, portableSignalColumns()), engineSignals(asOf), `signals at ${asOf}`);
      }
    }, 60_000);
    for (const [label, config] of CONFIGS) {
      it(`gives the engine's scores and tiers exactly: ${label}`, () => {
        for (const asOf of DATES) {
          const rows = query(portableScoreSql(config, options(asOf)), portableScoreColumns(config));
          expectSameRows(keyed(rows, portableScoreColumns(config)), engineScores(config, asOf), `${label} at ${asOf}`);
        }
      }, 60_000);
    }
  });
});
