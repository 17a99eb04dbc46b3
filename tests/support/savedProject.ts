/**
 * A workspace's saved project as a test hands it to saveWorkspace: one account, no files, an empty
 * project. Each test overrides what it is about (the name, the date, the account count).
 */
import type { SavedProject } from '../../engine/node/workspace/workspaceStore.js';

export type SavedInput = Omit<SavedProject, 'format' | 'version'>;

export function savedProject(over: Partial<SavedInput> = {}): SavedInput {
  return {
    name: 'w',
    savedAt: '2026-01-01T00:00:00Z',
    source: 's',
    accounts: 1,
    fingerprint: { sha256: 'a'.repeat(64), tables: [] },
    files: [],
    imported: [],
    project: { mapping: null, scenarios: [] },
    ...over,
  };
}
