import { createContext, useContext } from 'react';
import type { WorkbenchClient } from './client.js';

/** The engine client for components that call the engine directly (e.g. on a button). */
export const EngineContext = createContext<WorkbenchClient | null>(null);

export function useEngine(): WorkbenchClient {
  const c = useContext(EngineContext);
  if (!c) throw new Error('useEngine outside <EngineContext.Provider>');
  return c;
}
