/** The mapping screen's duplicate-rows setting: off by default, saved with the mapping when on. */
import { describe, expect, it } from 'vitest';
import type { FileInfo } from '../../engine/core/api/importSchema.js';
import { useImportStore } from '../../renderer/state/importStore.js';

const usage: FileInfo = {
  id: 'u1',
  name: 'segment-events.csv',
  size: 10,
  read: { format: 'csv' },
  columns: ['userId', 'timestamp', 'event'].map((name) => ({ name, samples: [] })),
  suggestion: { entity: 'usage_events', columns: { account_id: 'userId', date: 'timestamp' }, dateFormats: {} },
  ranking: [],
};

describe('identical usage rows on the mapping screen', () => {
  it('are one event exported twice unless the team says they are separate events, which the saved mapping keeps', () => {
    useImportStore.setState({ files: [{ info: usage, read: usage.read, mapping: usage.suggestion, include: true }] });
    const s = useImportStore.getState;
    expect(s().mappingFile().files[0]!.mapping.keepDuplicates).toBeUndefined();
    s().setKeepDuplicates('u1', true);
    expect(s().mappingFile().files[0]!.mapping.keepDuplicates).toBe(true);
    s().setKeepDuplicates('u1', false);
    expect(s().files[0]!.mapping).not.toHaveProperty('keepDuplicates');
  });
});
