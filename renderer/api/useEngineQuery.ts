/**
 * Reading from the engine in a component: method + params → { data, error,
 * loading }. The query runs again when the params change by value (not by
 * identity), and an answer to params no longer current is dropped. Calls the
 * user triggers (fit, compare, save, approve) go through useEngine() instead.
 */
import { useEffect, useMemo, useState } from 'react';
import type { EngineMethod, EngineRequest, EngineResponse } from '../../engine/core/api/schema.js';
import { useEngine } from './engineContext.js';
import { IDLE, LatestQuery, type QueryState } from './latestQuery.js';

export interface QueryOptions {
  /** Wait this long after the last change before asking. */
  debounceMs?: number;
  /** Ask again when this changes although the params did not (e.g. the data generation). */
  refresh?: string | number;
}

type Methods = { [K in EngineMethod]: (request: EngineRequest<K>) => Promise<EngineResponse<K>> };

function call<M extends EngineMethod>(
  engine: Methods,
  method: M,
  params: EngineRequest<M>,
): Promise<EngineResponse<M>> {
  return engine[method](params);
}

/** `params` null: nothing to ask yet (the last answer stays). */
export function useEngineQuery<M extends EngineMethod>(
  method: M,
  params: EngineRequest<M> | null,
  options: QueryOptions = {},
): QueryState<EngineResponse<M>> {
  const engine = useEngine();
  const [state, setState] = useState<QueryState<EngineResponse<M>>>(IDLE);
  const [query] = useState(() => new LatestQuery<EngineResponse<M>>(setState));
  const key = params === null ? null : JSON.stringify([params, options.refresh ?? null]);
  // The params of the render where their value last changed.
  const asked = useMemo(() => params, [key]); // keyed by value, not identity
  const { debounceMs = 0 } = options;
  useEffect(() => {
    if (asked === null) {
      query.stop();
      return;
    }
    query.start(() => call(engine, method, asked), debounceMs);
    return () => query.cancel();
  }, [engine, method, asked, key, debounceMs, query]);
  return state;
}
