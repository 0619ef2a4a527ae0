/**
 * Hands the ConsoleClient and the snapshot sync to every component that needs them,
 * without globals, so tests and future windows can supply their own; and tells the engine
 * while this page is in front of someone (use-viewer-presence.ts).
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { ConsoleClient } from './console-client';
import type { SnapshotSync } from '../state/snapshot-sync';
import { useViewerPresence } from './use-viewer-presence';

interface ConsoleContextValue {
  client: ConsoleClient;
  sync: SnapshotSync;
}

const ConsoleContext = createContext<ConsoleContextValue | null>(null);

export function ConsoleProvider({ value, children }: { value: ConsoleContextValue; children: ReactNode }) {
  useViewerPresence(value.client);
  return <ConsoleContext.Provider value={value}>{children}</ConsoleContext.Provider>;
}

export function useConsole(): ConsoleContextValue {
  const value = useContext(ConsoleContext);
  if (!value) throw new Error('useConsole must be used inside <ConsoleProvider>.');
  return value;
}
