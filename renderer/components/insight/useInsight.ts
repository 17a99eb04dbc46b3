/** The engine's insight for the model being edited: signal power on the evaluated snapshots and per-month stability. */
import { useEngineQuery } from '../../api/useEngineQuery.js';
import { useModelStore } from '../../state/modelStore.js';

export function useInsight() {
  const config = useModelStore((s) => s.config);
  const backtest = useModelStore((s) => s.backtest);
  // Debounced: a slider drag asks once it stops.
  return useEngineQuery('insight', config ? { config, backtest } : null, { debounceMs: 300 });
}
