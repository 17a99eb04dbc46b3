/**
 * The workspace list and the recent list, read from folders written by hand:
 * what is listed, what is skipped without failing the list, and the order.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listWorkspaces, recentNames, touchRecent, workspaceDir } from '../../engine/node/workspace/workspaceStore.js';
import { savedProject } from '../support/savedProject.js';

const project = (name: string, savedAt: string, version = 1) => ({
  format: 'health-score-workbench/workspace',
  version,
  ...savedProject({ name, savedAt, source: `${name} exports`, accounts: name.length }),
});

/** A workspace folder with HEAD and that generation's project file (no data file: the list never opens it). */
function plant(root: string, folder: string, head: string | null, gen: number, body: unknown): void {
  const dir = join(root, folder);
  mkdirSync(dir, { recursive: true });
  if (head !== null) writeFileSync(join(dir, 'HEAD'), head);
  writeFileSync(join(dir, `project-${gen}.json`), typeof body === 'string' ? body : JSON.stringify(body));
}

describe('the workspace list', () => {
  it('is empty before the folder exists', () => {
    expect(listWorkspaces(join(mkdtempSync(join(tmpdir(), 'hsw-list-')), 'workspaces'))).toEqual([]);
  });

  it('lists each saved workspace newest first, skipping folders that are not workspaces or cannot be read', () => {
    const root = mkdtempSync(join(tmpdir(), 'hsw-list-'));
    plant(root, 'Jan.hsw', '1\n', 1, project('Jan', '2026-01-15T00:00:00Z'));
    plant(root, 'Mar.hsw', '3\n', 3, project('Mar', '2026-03-15T00:00:00Z'));
    plant(root, 'Feb.hsw', '2\n', 2, project('Feb', '2026-02-15T00:00:00Z'));
    // Not listed: no .hsw suffix; no HEAD (a first save that never finished); HEAD naming no generation;
    // a damaged project file; a project from a newer version.
    plant(root, 'Apr', '1\n', 1, project('Apr', '2026-04-15T00:00:00Z'));
    plant(root, 'May.hsw', null, 1, project('May', '2026-05-15T00:00:00Z'));
    plant(root, 'Jun.hsw', '0\n', 0, project('Jun', '2026-06-15T00:00:00Z'));
    plant(root, 'Jul.hsw', '1\n', 1, '{"format": "health-score-workbench/workspace", "versi');
    plant(root, 'Aug.hsw', '1\n', 1, project('Aug', '2026-08-15T00:00:00Z', 2));
    // A file named like a workspace folder.
    writeFileSync(join(root, 'Sep.hsw'), 'not a folder');
    expect(listWorkspaces(root)).toEqual([
      { name: 'Mar', savedAt: '2026-03-15T00:00:00Z', source: 'Mar exports', accounts: 3 },
      { name: 'Feb', savedAt: '2026-02-15T00:00:00Z', source: 'Feb exports', accounts: 3 },
      { name: 'Jan', savedAt: '2026-01-15T00:00:00Z', source: 'Jan exports', accounts: 3 },
    ]);
  });

  it('reads the generation HEAD names, not another one left in the folder', () => {
    const root = mkdtempSync(join(tmpdir(), 'hsw-list-'));
    plant(root, 'w.hsw', '2\n', 2, project('w', '2026-02-01T00:00:00Z'));
    plant(root, 'w.hsw', '2\n', 3, project('w (unfinished save)', '2026-03-01T00:00:00Z'));
    expect(listWorkspaces(root).map((w) => w.name)).toEqual(['w']);
  });
});

describe('a workspace folder', () => {
  it('is the name with .hsw under the root, and a name that cannot be a file name is refused', () => {
    expect(workspaceDir('/state', 'Q3 review')).toBe(join('/state', 'Q3 review.hsw'));
    expect(() => workspaceDir('/state', '../elsewhere')).toThrow();
  });
});

describe('the recent list', () => {
  it('is empty when never written or damaged', () => {
    const root = mkdtempSync(join(tmpdir(), 'hsw-recent-'));
    expect(recentNames(root)).toEqual([]);
    writeFileSync(join(root, 'recent.json'), '[{"name": 1}]');
    expect(recentNames(root)).toEqual([]);
  });

  it('puts the workspace just opened first, once, keeps ten, and creates its folder', () => {
    const root = join(mkdtempSync(join(tmpdir(), 'hsw-recent-')), 'state', 'workspaces');
    for (const n of ['a', 'b', 'c']) touchRecent(root, n);
    expect(recentNames(root)).toEqual(['c', 'b', 'a']);
    touchRecent(root, 'a');
    expect(recentNames(root)).toEqual(['a', 'c', 'b']);
    for (let i = 1; i <= 9; i++) touchRecent(root, `n${i}`);
    expect(recentNames(root)).toEqual(['n9', 'n8', 'n7', 'n6', 'n5', 'n4', 'n3', 'n2', 'n1', 'a']);
    // Only the newest entry carries a time.
    const written = JSON.parse(readFileSync(join(root, 'recent.json'), 'utf8')) as { name: string; at: string }[];
    expect(Number.isNaN(Date.parse(written[0]!.at))).toBe(false);
    expect(written.slice(1).map((r) => r.at)).toEqual(Array(9).fill(''));
  });
});
