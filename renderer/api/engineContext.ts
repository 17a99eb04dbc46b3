import { createContext, useContext } from 'react';
import type { EngineClient } from '../../engine/api/schema.js';

/** The engine client for components that call the engine directly (e.g. on a button). */
export const EngineContext = createContext<EngineClient | null>(null);

export function useEngine(): EngineClient {
  const c = useContext(EngineContext);
  if (!c) throw new Error('useEngine outside <EngineContext.Provider>');
  return c;
}
