/**
 * Point in time, at the edge: every source has a row dated exactly on the snapshot date D and one
 * dated the day after with a different amount (tests/engine/pointInTimeFixture.ts says what each
 * account plants and the convention). Each signal at D is worked out by hand and checked in the
 * engine's snapshots (monthly and weekly), in the warehouse SQL on DuckDB and on PostgreSQL
 * (monthly: the SQL scores month-ends). Overrides and renewals are the engine's alone: the SQL
 * reads neither.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWorkbenchData, type LoadedData } from '../../engine/node/data/loadWorkbench.js';
import { EXPORT_TABLES } from '../../engine/node/data/exportTables.js';
import { portableSignalColumns, portableSignalsSql } from '../../engine/core/export/portableSql.js';
import { DEFAULT_CONFIG } from '../../engine/core/model/defaults.js';
import { applyOverrides } from '../../engine/core/scoring/overrides.js';
import { scoreFrame } from '../../engine/core/scoring/score.js';
import type { Cadence, SnapshotFrame } from '../../engine/core/snapshots/frame.js';
import { exportTablesScript, postgresAvailable, startPostgres, type Postgres } from '../support/postgres.js';
import { rowIndex } from './fixtures.js';
import { BEFORE, D, EXPECTED, NEXT, writeBoundaryExports, type Expected } from './pointInTimeFixture.js';

const CONVENTION = 'a row dated on the snapshot date is seen by it, a row dated the day after is not';
const SQL_OPTIONS = { asOf: D, usageIntervalDays: 1, subscriptions: true };
/** Every account but the one signing up the day after D. */
const SCORED_AT_D = [...new Set(EXPECTED.map((e) => e.id))].concat(['OVR-01', 'OVR-02', 'OVR-03', 'NEW-00']).sort();

let data: LoadedData;
const frames = new Map<Cadence, SnapshotFrame>();
beforeAll(async () => {
  data = await loadWorkbenchData(writeBoundaryExports());
  frames.set('monthly', data.frame);
  frames.set('weekly', await data.frameAt('weekly'));
}, 60_000);
afterAll(() => data?.close());

type Got = Map<string, Record<string, number | null>>;

/** Hand values against what one implementation gives; every difference listed with the reason the value should hold. */
function expectByHand(got: Got, cadence: Cadence) {
  expect([...got.keys()].sort(), 'accounts scored at D').toEqual(SCORED_AT_D);
  const diffs: string[] = [];
  for (const e of EXPECTED) {
    const want = e[cadence];
    const v = got.get(e.id)?.[e.signal] ?? null;
    // Signals are 32-bit floats in the frame and in the SQL.
    const same = want === null ? v === null : v !== null && v === Math.fround(want);
    if (!same) diffs.push(`${e.id}.${e.signal}: ${String(v)}, by hand ${String(want)} (${e.why})`);
  }
  expect(diffs).toEqual([]);
}

function engineAt(f: SnapshotFrame, asOf: string): Got {
  const m = f.meta.periods.indexOf(asOf);
  expect(m, `${asOf} is a ${f.meta.cadence} snapshot date`).toBeGreaterThanOrEqual(0);
  const out: Got = new Map();
  const wanted = new Set<Expected['signal']>(EXPECTED.map((e) => e.signal));
  for (let i = 0; i < f.n; i++) {
    if (f.period[i] !== m) continue;
    const rec: Record<string, number | null> = {};
    for (const s of wanted) {
      const x = s === 'arr' ? f.arr[i]! : f.values[s][i]!;
      rec[s] = Number.isNaN(x) ? null : x;
    }
    out.set(f.meta.accountIds[f.account[i]!]!, rec);
  }
  return out;
}

describe.each(['monthly', 'weekly'] as const)(`${CONVENTION}: the engine's %s snapshots`, (cadence) => {
  const frame = () => frames.get(cadence)!;

  it('D is the last snapshot date, with the day after observed', () => {
    expect(frame().meta.periods.at(-1)).toBe(D);
    expect(frame().meta.observedThrough).toBe(NEXT);
    expect(frame().meta.usageIntervalDays).toBe(1);
  });

  it('every signal at D is the one worked out by hand', () => {
    expectByHand(engineAt(frame(), D), cadence);
  });

  it('an account signing up on D is scored at D, aged 0; one signing up the day after is not', () => {
    const f = frame();
    expect(f.ageDays[rowIndex(f, 'NEW-00', D)]).toBe(0);
    expect(rowIndex(f, 'NEW-01', D)).toBe(-1);
  });

  it('an override set on D is in force at D, not the one set the day after; one expiring on D is over', () => {
    const f = frame();
    const inForce = (id: string) => {
      const k = f.overrideIdx[rowIndex(f, id, D)]!;
      return k < 0 ? null : f.meta.overrides[k]!;
    };
    expect(inForce('OVR-01')).toMatchObject({ createdAt: D, score: 15, reason: 'Champion left' });
    expect(inForce('OVR-02')).toMatchObject({ tier: 'Red', expiresAt: NEXT });
    expect(inForce('OVR-03')).toBeNull();
    // Applied: the score as given; Red mid-tier under the default cut points (0–40: 20); none for OVR-03.
    const computed = scoreFrame(f, DEFAULT_CONFIG).scores;
    const applied = applyOverrides(f, DEFAULT_CONFIG.tiers, computed);
    const at = (id: string) => applied[rowIndex(f, id, D)]!;
    expect([at('OVR-01'), at('OVR-02'), at('OVR-03')]).toEqual([15, 20, computed[rowIndex(f, 'OVR-03', D)]!]);
  });

  it('a renewal missed on D is not in the future of the snapshot at D, one missed the day after is', () => {
    const f = frame();
    const lapse = (id: string, asOf: string) => f.daysToLapse[rowIndex(f, id, asOf)]!;
    expect(lapse('REN-01', D)).toBeNaN();
    expect(lapse('REN-01', BEFORE[cadence])).toBe(cadence === 'monthly' ? 31 : 7);
    expect(lapse('REN-02', D)).toBe(1);
  });
});

/** The signal query's rows as numbers (NULL as null), by account. */
function fromRows(rows: Record<string, unknown>[]): Got {
  const out: Got = new Map();
  const wanted = new Set<string>(EXPECTED.map((e) => e.signal));
  for (const r of rows) {
    const rec: Record<string, number | null> = {};
    for (const s of wanted) rec[s] = r[s] === null || r[s] === undefined || r[s] === '' ? null : Number(r[s]);
    out.set(String(r.account_id), rec);
  }
  return out;
}

describe(`${CONVENTION}: the warehouse SQL at the month-end D`, () => {
  it('on DuckDB: every signal worked out by hand', async () => {
    const r = await data.db.conn.runAndReadAll(portableSignalsSql(SQL_OPTIONS));
    expectByHand(fromRows(r.getRowObjectsJS() as Record<string, unknown>[]), 'monthly');
  });
});

describe.skipIf(!postgresAvailable())(`${CONVENTION}: the warehouse SQL on PostgreSQL`, () => {
  let pg: Postgres;
  beforeAll(async () => {
    pg = await startPostgres();
    pg.psql(await exportTablesScript(data.db, EXPORT_TABLES, mkdtempSync(join(tmpdir(), 'hsw-pg-boundary-'))));
  }, 120_000);
  afterAll(() => pg?.stop());

  it('on PostgreSQL: every signal worked out by hand', () => {
    const rows = pg.rows(portableSignalsSql(SQL_OPTIONS), portableSignalColumns());
    expectByHand(fromRows(rows), 'monthly');
  }, 60_000);
});
