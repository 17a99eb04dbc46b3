/** How a view tells the recompute that it shows an optional result. */
import { createContext, useContext, useEffect } from 'react';
import type { OptionalResult, Recompute } from './recompute.js';

/** The running session's recompute; null until a session has started. */
export const RecomputeContext = createContext<Recompute | null>(null);

/** While the calling component is mounted, every evaluation includes `result`. */
export function useWantedResult(result: OptionalResult): void {
  const recompute = useContext(RecomputeContext);
  useEffect(() => recompute?.want(result), [recompute, result]);
}
