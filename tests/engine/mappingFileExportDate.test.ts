/**
 * Saved mapping files and the export date: files saved when it was `churnAsOf` still load (as `asOf`),
 * files with `asOf` load as they are, and a file holding both with different dates names the file.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAPPING_FORMAT, MappingFileSchema, ProjectStateSchema } from '../../engine/core/api/importSchema.js';
import { ImportPlanError, readMappingFile } from '../../engine/node/import/plan.js';
import { useImportStore } from '../../renderer/state/importStore.js';

const read = { format: 'csv', delimiter: ',', header: true } as const;
const saved = (mapping: Record<string, unknown>) => ({
  format: MAPPING_FORMAT,
  version: 1,
  files: [
    {
      name: 'crm-accounts.csv',
      headers: ['Customer ID', 'Churn'],
      read,
      mapping: {
        entity: 'accounts',
        columns: { account_id: 'Customer ID', churned: 'Churn' },
        dateFormats: {},
        ...mapping,
      },
    },
  ],
});

describe('a saved mapping with an export date', () => {
  it('written before the rename (churnAsOf) reads as asOf, and is written back as asOf', () => {
    const parsed = MappingFileSchema.parse(saved({ churnAsOf: '2024-12-31' }));
    expect(parsed.files[0]!.mapping.asOf).toBe('2024-12-31');
    expect(parsed.files[0]!.mapping).not.toHaveProperty('churnAsOf');
    // What is written is what reads back: the same asOf, no churnAsOf.
    const again = MappingFileSchema.parse(JSON.parse(JSON.stringify(parsed)));
    expect(again).toEqual(parsed);
    expect(JSON.stringify(again)).not.toContain('churnAsOf');
  });

  it('written with asOf reads as it is; both names with the same date is one date', () => {
    expect(MappingFileSchema.parse(saved({ asOf: '2024-12-31' })).files[0]!.mapping.asOf).toBe('2024-12-31');
    const both = MappingFileSchema.parse(saved({ asOf: '2024-12-31', churnAsOf: '2024-12-31' }));
    expect(both.files[0]!.mapping).toMatchObject({ asOf: '2024-12-31' });
    expect(both.files[0]!.mapping).not.toHaveProperty('churnAsOf');
  });

  it('holding both names with different dates is an error naming the file and what to keep', () => {
    const r = MappingFileSchema.safeParse(saved({ asOf: '2025-01-31', churnAsOf: '2024-12-31' }));
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'files.0.mapping.asOf: crm-accounts.csv: two export dates, churnAsOf 2024-12-31 and asOf 2025-01-31; keep the right one as asOf and delete churnAsOf',
    ]);
  });

  it('is checked as a day under either name', () => {
    expect(MappingFileSchema.safeParse(saved({ churnAsOf: '31/12/2024' })).success).toBe(false);
    expect(MappingFileSchema.safeParse(saved({ asOf: '2024-02-30' })).success).toBe(false);
    expect(MappingFileSchema.safeParse(saved({ exportDate: '2024-12-31' })).success).toBe(false);
  });

  it('loads the same way in the CLI (--mapping), a workspace, and the mapping screen', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hsw-asof-'));
    const old = join(dir, 'old.json');
    writeFileSync(old, JSON.stringify(saved({ churnAsOf: '2024-12-31' })));
    expect(readMappingFile(old).files[0]!.mapping.asOf).toBe('2024-12-31');
    const clash = join(dir, 'clash.json');
    writeFileSync(clash, JSON.stringify(saved({ asOf: '2025-01-31', churnAsOf: '2024-12-31' })));
    let problems: string[] = [];
    try {
      readMappingFile(clash);
    } catch (err) {
      if (err instanceof ImportPlanError) problems = err.problems;
    }
    expect(problems).toEqual([
      `${clash}: files.0.mapping.asOf: crm-accounts.csv: two export dates, churnAsOf 2024-12-31 and asOf 2025-01-31; keep the right one as asOf and delete churnAsOf`,
    ]);

    const project = ProjectStateSchema.parse({ mapping: saved({ churnAsOf: '2024-12-31' }), scenarios: [] });
    expect(project.mapping!.files[0]!.mapping.asOf).toBe('2024-12-31');

    const info = {
      id: 'f1',
      name: 'crm-accounts.csv',
      size: 10,
      read,
      columns: ['Customer ID', 'Churn'].map((name) => ({ name, samples: [] })),
      suggestion: { entity: 'accounts' as const, columns: { account_id: 'Customer ID' }, dateFormats: {} },
      ranking: [],
    };
    useImportStore.setState({ files: [{ info, read, mapping: info.suggestion, include: true }] });
    useImportStore.getState().applyMapping(JSON.stringify(saved({ churnAsOf: '2024-12-31' })));
    expect(useImportStore.getState().files[0]!.mapping.asOf).toBe('2024-12-31');
    expect(useImportStore.getState().mappingFile().files[0]!.mapping).not.toHaveProperty('churnAsOf');
    useImportStore.getState().applyMapping(JSON.stringify(saved({ asOf: '2025-01-31', churnAsOf: '2024-12-31' })));
    expect(useImportStore.getState().error).toMatch(/^Not a mapping file: .*crm-accounts\.csv: two export dates/);
  });
});
