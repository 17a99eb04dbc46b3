/**
 * Named scenarios: saved model + backtest design, kept in this computer's
 * local storage (never sent anywhere). A stored list that does not validate
 * is set aside under a backup key, not overwritten, so nothing is lost.
 */
import { z } from 'zod';
import { create } from 'zustand';
import { BacktestSettingsSchema, ModelConfigSchema } from '../../engine/core/api/schema.js';
import type { ModelEdit } from './modelStore.js';

const ScenarioSchema = z.object({
  id: z.string(),
  name: z.string().min(1),
  savedAt: z.string(),
  config: ModelConfigSchema,
  backtest: BacktestSettingsSchema,
});
export type Scenario = z.infer<typeof ScenarioSchema>;

const KEY = 'health-workbench.scenarios.v1';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function read(): Scenario[] {
  const store = storage();
  const text = store?.getItem(KEY);
  if (!store || !text) return [];
  try {
    const parsed = z.array(ScenarioSchema).safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through: unreadable
  }
  store.setItem(`${KEY}.unreadable.${Date.now()}`, text);
  return [];
}

function write(list: Scenario[]): void {
  storage()?.setItem(KEY, JSON.stringify(list));
}

const newId = () => `s-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;

export interface ScenarioState {
  scenarios: Scenario[];
  save(name: string, edit: ModelEdit): Scenario;
  duplicate(id: string): void;
  rename(id: string, name: string): void;
  remove(id: string): void;
  /** Replace the list with a workspace's scenarios; entries that do not validate are returned, not loaded. */
  replaceAll(list: readonly unknown[]): string[];
}

export const useScenarioStore = create<ScenarioState>()((set, get) => {
  const update = (scenarios: Scenario[]) => {
    write(scenarios);
    set({ scenarios });
  };
  return {
    scenarios: read(),
    save(name, edit) {
      const s: Scenario = {
        id: newId(),
        name: name.trim() || 'Untitled',
        savedAt: new Date().toISOString(),
        config: { ...edit.config, name: name.trim() || edit.config.name },
        backtest: edit.backtest,
      };
      update([...get().scenarios, s]);
      return s;
    },
    duplicate(id) {
      const s = get().scenarios.find((x) => x.id === id);
      if (s)
        update([
          ...get().scenarios,
          { ...s, id: newId(), name: `${s.name} (copy)`, savedAt: new Date().toISOString() },
        ]);
    },
    rename(id, name) {
      if (!name.trim()) return;
      update(
        get().scenarios.map((s) =>
          s.id === id ? { ...s, name: name.trim(), config: { ...s.config, name: name.trim() } } : s,
        ),
      );
    },
    remove(id) {
      update(get().scenarios.filter((s) => s.id !== id));
    },
    replaceAll(list) {
      const ok: Scenario[] = [];
      const bad: string[] = [];
      for (const item of list) {
        const parsed = ScenarioSchema.safeParse({
          id: newId(),
          savedAt: new Date().toISOString(),
          ...(item as object),
        });
        if (parsed.success) ok.push(parsed.data);
        else bad.push(String((item as { name?: unknown }).name ?? 'unnamed'));
      }
      update(ok);
      return bad;
    },
  };
});
