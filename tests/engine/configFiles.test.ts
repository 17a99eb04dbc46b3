import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApprovedConfig } from '../../engine/core/api/schema.js';
import { evaluateFrame } from '../../engine/core/backtest/evaluate.js';
import { approve } from '../../engine/core/config/approve.js';
import { canonicalJson, sha256 } from '../../engine/core/config/canonical.js';
import { diffConfigs } from '../../engine/core/config/diffConfigs.js';
import { jsonPath } from '../../engine/core/config/validateConfig.js';
import { DEFAULT_BACKTEST, DEFAULT_CONFIG } from '../../engine/core/model/defaults.js';
import { main } from '../../cli/main.js';
import { openConfigFile } from '../../renderer/openConfigFile.js';
import { frameOf } from './frames.js';

describe('configuration files', () => {
  it('hash a canonical form that ignores key order and whitespace', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
    expect(canonicalJson(JSON.parse(JSON.stringify(DEFAULT_CONFIG, null, 4)))).toBe(canonicalJson(DEFAULT_CONFIG));
  });
  it('hash with SHA-256 over UTF-8, the hash approved files were written with before (node:crypto)', async () => {
    expect(await sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const text = canonicalJson({
      configuration: { ...DEFAULT_CONFIG, name: 'Zürich – Q4 ✓' },
      backtest: DEFAULT_BACKTEST,
    });
    expect(await sha256(text)).toBe(createHash('sha256').update(text).digest('hex'));
  });
  it('write JSON paths the way people read them', () => {
    expect(jsonPath(['categories', 2, 'weight'])).toBe('categories[2].weight');
    expect(jsonPath([])).toBe('$');
  });
  it('diff two versions as paths with before and after', () => {
    const b = structuredClone(DEFAULT_CONFIG);
    b.categories[0]!.weight = 35;
    b.categories[4]!.weight = 10;
    b.tiers.tiers[0]!.min = 72;
    expect(diffConfigs(DEFAULT_CONFIG, b)).toEqual([
      { path: 'categories[0].weight', before: 30, after: 35 },
      { path: 'categories[4].weight', before: 15, after: 10 },
      { path: 'tiers.tiers[0].min', before: 70, after: 72 },
    ]);
    expect(diffConfigs(DEFAULT_CONFIG, structuredClone(DEFAULT_CONFIG))).toEqual([]);
  });
});

describe('approved configuration files, in the CLI and in the app', () => {
  afterEach(() => vi.restoreAllMocks());

  /** `health-workbench validate FILE`, in process: exit code and what it wrote. */
  async function cliValidate(file: string) {
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => out.push(String(s)) > 0);
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => err.push(String(s)) > 0);
    const code = await main(['validate', file]);
    vi.restoreAllMocks();
    return { code, out: out.join(''), err: err.join('') };
  }

  // A backtest design other than the app's current one, so loading it is visible.
  const design = { ...DEFAULT_BACKTEST, horizonDays: 180 as const };
  async function approvedFile(): Promise<ApprovedConfig> {
    const frame = frameOf(
      Array.from({ length: 40 }, (_, i) => ({ logins_trend: i * 2.5 - 50 })),
      {
        daysToChurn: Float32Array.from({ length: 40 }, (_, i) => (i % 4 === 0 ? 60 : Number.NaN)),
      },
    );
    const result = evaluateFrame(frame, DEFAULT_CONFIG, design, frame.meta.periods[0]!);
    const data = {
      sha256: await sha256('the exports'),
      tables: [{ name: 'accounts', rows: 40, sha256: await sha256('accounts') }],
    };
    // 40 accounts are far too few to judge: approving them needs the acknowledgement (approval.test.ts).
    return approve(DEFAULT_CONFIG, design, 'Dana Admin', 'Q4', data, result, new Date('2026-11-02T09:00:00Z'), true);
  }
  const write = (name: string, value: unknown) => {
    const file = join(mkdtempSync(join(tmpdir(), 'hsw-approved-')), name);
    writeFileSync(file, JSON.stringify(value, null, 2));
    return file;
  };

  it('accept an untouched approved file in both, the app loading its configuration and backtest design', async () => {
    const approved = await approvedFile();
    const file = write('approved.json', approved);
    const cli = await cliValidate(file);
    expect(cli).toEqual({
      code: 0,
      out: `${file}: valid approved configuration (approved by Dana Admin at 2026-11-02T09:00:00.000Z; configuration hash matches)\n`,
      err: '',
    });
    const app = await openConfigFile(JSON.stringify(approved, null, 2), DEFAULT_BACKTEST);
    expect(app).toEqual({ ok: true, config: DEFAULT_CONFIG, backtest: design });
  });

  it('refuse an approved file edited after approval in both, with the same message', async () => {
    const edited = await approvedFile();
    edited.configuration.categories[0]!.weight = 31;
    edited.configuration.categories[1]!.weight = 19; // still sums to 100: only the hash can tell
    const file = write('edited.json', edited);
    const cli = await cliValidate(file);
    const app = await openConfigFile(JSON.stringify(edited), DEFAULT_BACKTEST);
    expect(app.ok).toBe(false);
    const problems = app.ok ? [] : app.problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe('configSha256');
    expect(problems[0]!.message).toMatch(
      /^the configuration was changed after approval \(hash [0-9a-f]{12}…, approved [0-9a-f]{12}…\)$/,
    );
    expect(cli).toEqual({ code: 1, out: '', err: `${file}: ${problems[0]!.path}: ${problems[0]!.message}\n` });
  });

  it('refuse an edited backtest design in both, since the hash covers it too', async () => {
    const edited = await approvedFile();
    edited.backtest.horizonDays = 90;
    const cli = await cliValidate(write('edited-design.json', edited));
    const app = await openConfigFile(JSON.stringify(edited), DEFAULT_BACKTEST);
    expect(cli.code).toBe(1);
    expect(cli.err).toContain('configSha256: the configuration was changed after approval');
    expect(app).toMatchObject({ ok: false, problems: [{ path: 'configSha256' }] });
  });
});
