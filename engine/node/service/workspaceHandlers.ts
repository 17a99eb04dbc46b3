/** Workspaces: the data and the project (mapping, scenarios) saved together, reopened, listed. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FileInfo, ProjectState } from '../../core/api/importSchema.js';
import { finishLoad } from '../data/loadWorkbench.js';
import { acquireLock } from '../workspace/lock.js';
import {
  listWorkspaces,
  openWorkspace,
  recentNames,
  saveWorkspace,
  touchRecent,
  workspaceDir,
} from '../workspace/workspaceStore.js';
import type { Handlers } from './dispatch.js';
import { EngineRequestError } from './errors.js';
import type { EngineState } from './state.js';

type WorkspaceMethod = 'listWorkspaces' | 'saveWorkspace' | 'openWorkspace' | 'getProject';

export function workspaceHandlers(s: EngineState): Handlers<WorkspaceMethod> {
  return {
    listWorkspaces: async () => {
      const root = s.workspaceRoot();
      const all = listWorkspaces(root);
      const recent = recentNames(root)
        .map((n) => all.find((w) => w.name === n))
        .filter((w) => w !== undefined);
      return { current: s.workspace?.name ?? null, recent, all };
    },
    saveWorkspace: async (req) => save(s, req.name, req.project),
    openWorkspace: async (req) => {
      await open(s, req.name);
      return { project: s.project };
    },
    getProject: async () => ({ ...s.project, workspace: s.workspace?.name ?? null }),
  };
}

/** Saving under another name takes that workspace's lock first; the old one is released only once the save succeeded. */
async function save(s: EngineState, name: string, project: ProjectState) {
  const data = await s.loaded();
  const root = s.workspaceRoot();
  let release: (() => void) | null = null;
  if (s.workspace?.name !== name) {
    mkdirSync(workspaceDir(root, name), { recursive: true });
    release = acquireLock(join(workspaceDir(root, name), 'lock'), name, s.lockToken);
  }
  s.project = { mapping: project.mapping ?? s.project.mapping, scenarios: project.scenarios };
  const savedAt = new Date().toISOString();
  try {
    await saveWorkspace(root, data.db, {
      name,
      savedAt,
      source: data.meta.source,
      accounts: data.meta.accounts,
      fingerprint: data.fingerprint,
      files: data.files,
      imported: data.imported,
      project: s.project,
    });
  } catch (err) {
    release?.();
    throw err;
  }
  if (release) {
    s.workspace?.release();
    s.workspace = { name, release };
  }
  touchRecent(root, name);
  return { name, savedAt, source: data.meta.source, accounts: data.meta.accounts };
}

async function open(s: EngineState, name: string): Promise<void> {
  if (s.workspace?.name === name) return;
  if (s.importStatus.state === 'running')
    throw new EngineRequestError('wait for the import to finish (or cancel it) before opening a workspace');
  const root = s.workspaceRoot();
  let opened;
  try {
    opened = await openWorkspace(root, name, s.lockToken);
  } catch (err) {
    throw new EngineRequestError(err instanceof Error ? err.message : String(err));
  }
  try {
    const { saved } = opened;
    const data = await finishLoad(
      opened.db,
      saved.source,
      saved.files,
      saved.imported.map((f) => ({ ...f, entity: f.entity as FileInfo['suggestion']['entity'] })),
    );
    s.replaceData(data);
    s.project = saved.project;
  } catch (err) {
    opened.db.close();
    opened.release();
    throw err;
  }
  s.workspace?.release();
  s.workspace = { name, release: opened.release };
  touchRecent(root, name);
}
