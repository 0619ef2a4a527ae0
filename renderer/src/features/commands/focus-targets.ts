/**
 * Where commands can send focus (the queue's search box, the queue grid): each component
 * registers its element with a ref (useFocusTarget), and a command focuses it by name,
 * so no command looks elements up in the document.
 */
import { useMemo } from 'react';
import type { FocusTargetName } from './registry';

const elements = new Map<FocusTargetName, HTMLElement>();

/** A ref callback that registers the element as `name` while it is mounted. */
function focusTargetRef(name: FocusTargetName): (element: HTMLElement | null) => () => void {
  return (element) => {
    if (element) elements.set(name, element);
    return () => {
      if (elements.get(name) === element) elements.delete(name);
    };
  };
}

/** The ref for the element that is the focus target `name`. */
export function useFocusTarget(name: FocusTargetName): (element: HTMLElement | null) => () => void {
  return useMemo(() => focusTargetRef(name), [name]);
}

/** Focuses the target (a text field's text selected, ready to be typed over); false when none is mounted. */
export function focusTarget(name: FocusTargetName): boolean {
  const element = elements.get(name);
  if (!element) return false;
  element.focus();
  if (element instanceof HTMLInputElement) element.select();
  return true;
}

/** True when `node` is the element registered as `name`. */
export function isFocusTarget(name: FocusTargetName, node: EventTarget | null): boolean {
  return node !== null && elements.get(name) === node;
}
