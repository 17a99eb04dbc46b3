/** The engine's insight for the model being edited: signal power on the evaluated snapshots and per-month stability. */
import { useEffect, useSyncExternalStore } from 'react';
import type { EngineClient, EngineRequest, EngineResponse } from '../../../engine/core/api/schema.js';
import { useEngine } from '../../api/engineContext.js';
import { SharedQuery } from '../../api/sharedQuery.js';
import { useModelStore } from '../../state/modelStore.js';

type InsightQuery = SharedQuery<EngineRequest<'insight'>, EngineResponse<'insight'>>;
const queries = new WeakMap<Pick<EngineClient, 'insight'>, InsightQuery>();

/** The one insight query of an engine client, whichever view or card reads it. */
export function insightQuery(engine: Pick<EngineClient, 'insight'>): InsightQuery {
  let q = queries.get(engine);
  if (!q) queries.set(engine, (q = new SharedQuery((params) => engine.insight(params))));
  return q;
}

export function useInsight() {
  const query = insightQuery(useEngine());
  const config = useModelStore((s) => s.config);
  const backtest = useModelStore((s) => s.backtest);
  const state = useSyncExternalStore(query.subscribe, query.getState);
  const key = config ? JSON.stringify([config, backtest]) : null;
  useEffect(() => {
    // Debounced: a slider drag asks once it stops. Every card asks; only a new key reaches the engine.
    if (key !== null && config) query.ask(key, { config, backtest }, 300);
  }, [query, key]); // keyed by value, not identity
  return state;
}
