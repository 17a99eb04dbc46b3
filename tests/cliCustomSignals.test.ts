/**
 * The command line with a configuration that defines its own signal: `backtest --config` scores
 * it (and lists its values per snapshot), `sql --config` puts it in the warehouse query. The
 * values are checked against a plain count written here, not against the engine's compiler.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelConfigSchema } from '../engine/core/api/schema.js';
import { DEFAULT_CONFIG } from '../engine/core/model/defaults.js';
import { openDatabase, type Database } from '../engine/node/data/duckdb.js';
import { buildCli, cli } from './support/cli.js';

const root = join(import.meta.dirname, '..');
const sample = join(root, 'sample-data');

beforeAll(buildCli, 60_000);

/** The default configuration, with urgent tickets in the last 90 days added to its support category. */
const config = ModelConfigSchema.parse({
  ...DEFAULT_CONFIG,
  customSignals: [
    {
      id: 'custom.urgent_tickets_90d',
      label: 'Urgent tickets (90 days)',
      category: 'support',
      table: 'tickets',
      aggregation: 'count',
      where: { column: 'priority', equals: ['urgent'] },
      window: 90,
      comparison: 'value',
      direction: 'higher_is_riskier',
    },
  ],
  categories: DEFAULT_CONFIG.categories.map((c) =>
    c.id !== 'support'
      ? c
      : {
          ...c,
          signals: [
            ...c.signals,
            {
              signal: 'custom.urgent_tickets_90d',
              weight: 1,
              normalisation: { kind: 'linear', worst: 3, best: 0 },
            },
          ],
        },
  ),
});

const dir = mkdtempSync(join(tmpdir(), 'hsw-cli-custom-'));
const configFile = join(dir, 'custom.json');
writeFileSync(configFile, JSON.stringify(config, null, 2));

let db: Database;
beforeAll(async () => {
  db = await openDatabase();
  await db.conn.run(
    `CREATE TABLE tickets AS SELECT * FROM read_csv('${join(sample, 'tickets.csv.gz')}', header = true, all_varchar = true)`,
  );
});
afterAll(() => db?.close());

describe('health-workbench with custom signals', () => {
  it('backtest --config scores the custom signal and lists it per snapshot, as counted by hand', async () => {
    const out = join(dir, 'snapshots.csv');
    const r = cli('backtest', '--data', sample, '--config', configFile, '--json', '--snapshots-out', out);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).backtest.auc).toBeGreaterThan(0.5);
    const [head, ...lines] = readFileSync(out, 'utf8').trim().split('\n');
    const header = head!.split(',');
    const col = header.indexOf('custom.urgent_tickets_90d');
    expect(col).toBeGreaterThan(0);
    const rows = lines.map((l) => l.split(','));
    expect(rows.filter((c) => c[col] !== '').length).toBeGreaterThan(rows.length / 2);
    // By a plain count: tickets opened on the as-of date or the 89 days before it, marked urgent; blank
    // (unavailable) only for an account with no ticket carrying a priority on or before the date.
    const checked = rows.filter((_, k) => k % 97 === 0);
    expect(checked.some((c) => c[col] === '')).toBe(true);
    for (const c of checked) {
      const [account, asOf] = [c[header.indexOf('account_id')]!, c[header.indexOf('as_of')]!];
      const [urgent, any] = (
        await db.conn.runAndReadAll(`SELECT
          count(*) FILTER (WHERE lower(trim(priority)) = 'urgent' AND CAST(opened_at AS DATE) > DATE '${asOf}' - 90)::INTEGER,
          count(*)::INTEGER
          FROM tickets WHERE account_id = '${account}' AND priority IS NOT NULL AND CAST(opened_at AS DATE) <= DATE '${asOf}'`)
      ).getRows()[0]! as [number, number];
      expect(c[col], `${account} at ${asOf}`).toBe(any === 0 ? '' : String(urgent));
    }
  }, 300_000);

  it('sql --config puts the custom signal in the warehouse query', () => {
    const r = cli('sql', '--config', configFile, '--as-of', '2025-06-30', '--usage-interval-days', '1');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('AS custom_urgent_tickets_90d');
    expect(r.out).toContain("LOWER(TRIM(t.priority)) IN ('urgent')");
  });
});
