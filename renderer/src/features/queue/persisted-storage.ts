/**
 * Reading and writing the queue's preferences in localStorage without ever crashing:
 * missing, corrupt or outdated data reads as null (the caller falls back to defaults),
 * and a full or unavailable storage only loses the write.
 */

/** The part of the Web Storage API used here (tests pass a Map-backed one). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function memoryStorage(): KeyValueStorage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

/** The window's localStorage when it works, else an in-memory stand-in. */
export function browserStorage(): KeyValueStorage {
  try {
    if (typeof localStorage !== 'undefined') {
      const probe = '__oncall-console-probe__';
      localStorage.setItem(probe, '1');
      localStorage.removeItem(probe);
      return localStorage;
    }
  } catch {
    // Storage disabled (private mode, policy): remember for this session only.
  }
  return memoryStorage();
}

/** Parses the JSON stored under `key` with `parse`; null when absent or unusable. */
export function readStored<T>(storage: KeyValueStorage, key: string, parse: (raw: unknown) => T | null): T | null {
  let text: string | null;
  try {
    text = storage.getItem(key);
  } catch {
    return null;
  }
  if (text === null) return null;
  try {
    return parse(JSON.parse(text));
  } catch {
    return null;
  }
}

export function writeStored(storage: KeyValueStorage, key: string, value: unknown): boolean {
  try {
    storage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

/** Runs `write` at most once per `delayMs`; flush() runs a pending write now (page hide). */
export function debouncedWriter(write: () => void, delayMs: number): { schedule(): void; flush(): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return {
    schedule() {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        write();
      }, delayMs);
    },
    flush() {
      if (!timer) return;
      clearTimeout(timer);
      timer = null;
      write();
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
