/** Whether the window has the user's attention: focused and not hidden. */
import { useSyncExternalStore } from 'react';

let focused = typeof document === 'undefined' ? false : document.hasFocus() && document.visibilityState === 'visible';
const listeners = new Set<() => void>();

function update(value: boolean) {
  if (value === focused) return;
  focused = value;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  if (listeners.size === 0) {
    window.addEventListener('focus', onFocus);
    window.addEventListener('blur', onBlur);
    document.addEventListener('visibilitychange', onVisibility);
    update(document.hasFocus() && document.visibilityState === 'visible');
  }
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      window.removeEventListener('focus', onFocus);
      window.removeEventListener('blur', onBlur);
      document.removeEventListener('visibilitychange', onVisibility);
    }
  };
}

const onFocus = () => update(document.visibilityState === 'visible');
const onBlur = () => update(false);
const onVisibility = () => update(document.visibilityState === 'visible' && document.hasFocus());

export function useWindowFocused(): boolean {
  return useSyncExternalStore(subscribe, () => focused);
}
