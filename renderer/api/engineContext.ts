import { createContext, useContext } from 'react';
import type { WorkbenchClient } from './client.js';

/** The engine client, for calls the user triggers (a button, a menu); reads that follow state use useEngineQuery. */
export const EngineContext = createContext<WorkbenchClient | null>(null);

export function useEngine(): WorkbenchClient {
  const c = useContext(EngineContext);
  if (!c) throw new Error('useEngine outside <EngineContext.Provider>');
  return c;
}
