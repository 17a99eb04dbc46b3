/**
 * The command line with extra columns: a saved mapping that keeps two Mixpanel event properties
 * (tests/fixtures/exports/mixpanel-properties.mapping.json) and a configuration whose custom signals
 * read them. `backtest` scores them and lists their values per snapshot (checked against the
 * figures worked out by hand in tests/engine/extraColumns.test.ts); `sql` writes them into the
 * warehouse query and says the warehouse must carry the columns; a signal on a column the data does
 * not have, or `sql` without the data to check against, stops with the reason.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelConfigSchema, type ModelConfig } from '../engine/core/api/schema.js';
import { DEFAULT_CONFIG } from '../engine/core/model/defaults.js';
import { buildCli, cli } from './support/cli.js';

const exportsDir = join(import.meta.dirname, 'fixtures', 'exports');
const data = join(exportsDir, 'mixpanel-properties');
const mapping = join(exportsDir, 'mixpanel-properties.mapping.json');

beforeAll(buildCli, 60_000);

const SIGNALS = [
  {
    id: 'custom.duration_30d',
    label: 'Time in the product, last 30 days (ms)',
    category: 'usage',
    table: 'product_events',
    column: 'x_duration_ms',
    aggregation: 'sum',
    window: 30,
    comparison: 'value',
    direction: 'higher_is_healthier',
  },
  {
    id: 'custom.enterprise_events_90d',
    label: 'Events on the Enterprise tier, last 90 days',
    category: 'usage',
    table: 'product_events',
    aggregation: 'count',
    where: { column: 'x_plan_tier', equals: ['Enterprise'] },
    window: 90,
    comparison: 'value',
    direction: 'higher_is_healthier',
  },
];

/** The default configuration with the given custom signals added to its usage category. */
function configWith(signals: readonly object[], linear: { worst: number; best: number }[]): ModelConfig {
  return ModelConfigSchema.parse({
    ...DEFAULT_CONFIG,
    customSignals: signals,
    categories: DEFAULT_CONFIG.categories.map((c) =>
      c.id !== 'usage'
        ? c
        : {
            ...c,
            signals: [
              ...c.signals,
              ...signals.map((s, k) => ({
                signal: (s as { id: string }).id,
                weight: 1,
                normalisation: { kind: 'linear', ...linear[k]! },
              })),
            ],
          },
    ),
  });
}

const dir = mkdtempSync(join(tmpdir(), 'hsw-cli-extras-'));
const write = (name: string, config: ModelConfig) => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
};
const configFile = write(
  'extras.json',
  configWith(SIGNALS, [
    { worst: 0, best: 10_000 },
    { worst: 0, best: 30 },
  ]),
);

describe('health-workbench with extra columns', () => {
  it('map proposes the columns no role reads as extras, with their kinds, and leaves the mapping as it was', () => {
    const r = cli('map', data);
    expect(r.code, r.err).toBe(0);
    const lines = r.err.split('\n');
    const at = lines.findIndex((l) => l.startsWith('mixpanel-events.csv: usage_events'));
    expect(lines.slice(at + 2, at + 4)).toEqual([
      "  Columns no role reads: a custom signal can read one once the mapping keeps it (stored as x_<name>); add those you want to the file's mapping:",
      '    "extras": [{"column":"$insert_id","name":"insert_id","kind":"category"},{"column":"plan_tier","name":"plan_tier","kind":"category"},{"column":"duration_ms","name":"duration_ms","kind":"number"}]',
    ]);
    expect(JSON.parse(r.out).files.some((f: { mapping: { extras?: unknown } }) => f.mapping.extras)).toBe(false);
  }, 120_000);

  it('backtest scores custom signals on extra columns and lists their values per snapshot', () => {
    const out = join(dir, 'snapshots.csv');
    const r = cli(
      'backtest',
      '--data',
      data,
      '--mapping',
      mapping,
      '--config',
      configFile,
      '--json',
      '--snapshots-all',
      '--snapshots-out',
      out,
    );
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).backtest).toBeDefined();
    const [head, ...lines] = readFileSync(out, 'utf8').trim().split('\n');
    const header = head!.split(',');
    const at = (account: string, asOf: string) => {
      const row = lines
        .map((l) => l.split(','))
        .find((c) => c[header.indexOf('account_id')] === account && c[header.indexOf('as_of')] === asOf);
      expect(row, `${account} at ${asOf}`).toBeDefined();
      return SIGNALS.map((s) => row![header.indexOf(s.id)]);
    };
    // Worked out by hand in tests/engine/extraColumns.test.ts; blank is unavailable (never a tier or a duration).
    expect(at('0015g00000NWND', '2025-03-31')).toEqual(['3700', '5']);
    expect(at('0015g00000CNTS', '2025-03-31')).toEqual(['300', '0']);
    expect(at('0015g00000FBRK', '2025-03-31')).toEqual(['', '']);
  }, 300_000);

  it('sql puts them in the warehouse query and names the columns the warehouse must carry', () => {
    const r = cli('sql', '--data', data, '--mapping', mapping, '--config', configFile, '--as-of', '2025-03-31');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(
      '-- Custom signals read extra columns kept at import (product_events.x_duration_ms, product_events.x_plan_tier)',
    );
    expect(r.out).toContain('SUM(v)');
    expect(r.out).toContain("LOWER(TRIM(t.x_plan_tier)) IN ('enterprise')");
  }, 120_000);

  it('sql without the data cannot tell the columns are there, and says to give it', () => {
    const r = cli('sql', '--config', configFile, '--as-of', '2025-03-31', '--usage-interval-days', '1');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain(
      'custom signals read extra columns kept at import (product_events.x_duration_ms, product_events.x_plan_tier): give --data (and --mapping)',
    );
  });

  it('a signal on a column the mapping did not keep stops the backtest, naming the signal and the table', () => {
    const platform = {
      ...SIGNALS[1]!,
      id: 'custom.ios_events_30d',
      label: 'Events on iOS',
      where: { column: 'x_platform', equals: ['iOS'] },
      window: 30,
    };
    const file = write('platform.json', configWith([platform], [{ worst: 0, best: 30 }]));
    const r = cli('backtest', '--data', data, '--mapping', mapping, '--config', file);
    expect(r.code).toBe(1);
    expect(r.err.trimEnd().split('\n').at(-1)).toBe(
      'Custom signal custom.ios_events_30d ("Events on iOS") reads x_platform of product_events (Product events (one row each)), which the loaded data does not have: keep the column as an extra column named platform in the usage event export\'s mapping and import again, or change the signal',
    );
    // The same check before the warehouse query is written.
    const sql = cli('sql', '--data', data, '--mapping', mapping, '--config', file);
    expect(sql.code).toBe(1);
    expect(sql.err).toContain(
      'Custom signal custom.ios_events_30d ("Events on iOS") reads x_platform of product_events',
    );
  }, 120_000);
});
