import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APPROVED_FORMAT } from '../../engine/core/api/schema.js';
import { configHash } from '../../engine/core/config/approve.js';
import { checkConfigFile } from '../../engine/core/config/configFile.js';
import { DEFAULT_BACKTEST, DEFAULT_CONFIG } from '../../engine/core/model/defaults.js';
import { ConfigFileError, readConfigFile } from '../../engine/node/configFile.js';

const approvedFile = async () => ({
  format: APPROVED_FORMAT,
  schemaVersion: 1,
  configuration: DEFAULT_CONFIG,
  backtest: DEFAULT_BACKTEST,
  approval: { approver: 'Dana', note: '', approvedAt: '2026-11-01T00:00:00.000Z' },
  configSha256: await configHash(DEFAULT_CONFIG, DEFAULT_BACKTEST),
  data: { sha256: 'a'.repeat(64), tables: [] },
  metrics: {
    evaluated: 1,
    censored: 0,
    precision: null,
    recall: null,
    f1: null,
    auc: null,
    averagePrecision: null,
    tierChurnRates: [],
  },
});

describe('a configuration file', () => {
  it('is a configuration, or an approved configuration with its approval', async () => {
    expect(await checkConfigFile(JSON.stringify(DEFAULT_CONFIG))).toEqual({
      ok: true,
      config: DEFAULT_CONFIG,
      approved: null,
    });
    const r = await checkConfigFile(JSON.stringify(await approvedFile()));
    expect(r.ok && r.approved?.approval.approver).toBe('Dana');
    expect(r.ok && r.config).toEqual(DEFAULT_CONFIG);
  });

  it('that was edited after approval is refused', async () => {
    const edited = await approvedFile();
    edited.configuration = { ...DEFAULT_CONFIG, name: 'Edited' };
    const r = await checkConfigFile(JSON.stringify(edited));
    expect(r.ok ? [] : r.problems.map((p) => p.path)).toEqual(['configSha256']);
  });

  it('lists every problem with its JSON path', async () => {
    const r = await checkConfigFile(JSON.stringify({ ...DEFAULT_CONFIG, owner: 'me', name: '' }));
    expect(r.ok ? [] : r.problems.map((p) => p.path).sort()).toEqual(['name', 'owner']);
    expect((await checkConfigFile('{')).ok).toBe(false);
  });

  it('read from disk names the file in every problem, and says when it cannot be read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hsw-config-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ ...DEFAULT_CONFIG, owner: 'me' }));
    await expect(readConfigFile(file)).rejects.toThrow(ConfigFileError);
    await expect(readConfigFile(file)).rejects.toThrow(`${file}: owner: unknown field "owner"`);
    await expect(readConfigFile(join(dir, 'missing.json'))).rejects.toThrow(/missing\.json: cannot read \(ENOENT/);
    writeFileSync(file, JSON.stringify(DEFAULT_CONFIG));
    expect(await readConfigFile(file)).toEqual({ config: DEFAULT_CONFIG, approved: null });
  });
});
