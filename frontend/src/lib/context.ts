import { createContext, useContext } from 'react';
import type { Backend } from './backend';
import type { Settings } from './types';

export const BackendContext = createContext<Backend | null>(null);

export function useBackend(): Backend {
  const b = useContext(BackendContext);
  if (!b) throw new Error('BackendContext missing');
  return b;
}

/** Settings loaded at start (null if they could not be read). */
export const SettingsContext = createContext<{ settings: Settings | null; setSettings: (s: Settings) => void }>({
  settings: null,
  setSettings: () => {},
});

export const useSettings = () => useContext(SettingsContext);
