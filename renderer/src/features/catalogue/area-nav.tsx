/**
 * The bar under the header: the area switch (Incidents, the queue and the default;
 * Catalogue; Requests) and the persona switch (in the demo) or who the console acts as.
 * Keys: `g i`, `g c`, `g r` (outside text fields and dialogs).
 */
import { useEffect } from 'react';
import { Button, Group } from '@mantine/core';
import { IconBook2, IconInbox, IconListCheck } from '@tabler/icons-react';
import { useConsoleArea, type ConsoleArea } from './console-area';
import './specialists-area.css';
import { isTypingTarget, type ShortcutTarget } from '../actions/shortcuts';
import { isDialogOpen } from '../actions/use-queue-shortcuts';
import { PersonaSwitcher } from '../personas/persona-switcher';

const AREAS: readonly { area: ConsoleArea; label: string; key: string; icon: typeof IconInbox }[] = [
  { area: 'queue', label: 'Incidents', key: 'i', icon: IconInbox },
  { area: 'catalogue', label: 'Catalogue', key: 'c', icon: IconBook2 },
  { area: 'requests', label: 'Requests', key: 'r', icon: IconListCheck },
];

/** How long after `g` the second key still counts. */
const CHORD_MS = 1_200;

export function AreaBar() {
  // A named region, so the persona switch sits in a landmark like everything else.
  return (
    <section className="area-bar" aria-label="Area and persona">
      <AreaNav />
      <PersonaSwitcher />
    </section>
  );
}

function AreaNav() {
  const area = useConsoleArea((state) => state.area);
  const show = useConsoleArea((state) => state.show);
  useAreaKeys();
  return (
    <Group component="nav" aria-label="Areas" gap={2} wrap="nowrap" style={{ flexShrink: 0 }}>
      {AREAS.map(({ area: target, label, key, icon: Icon }) => (
        <Button
          key={target}
          size="compact-sm"
          radius={0}
          className="area-tab"
          variant="subtle"
          color={area === target ? undefined : 'gray'}
          aria-current={area === target ? 'page' : undefined}
          title={`${label} (g ${key})`}
          leftSection={<Icon size={14} aria-hidden />}
          onClick={() => show(target)}
        >
          {label}
        </Button>
      ))}
    </Group>
  );
}

/** `g` then i / c / r. Runs before the queue's own keys, and marks the key handled, so `g r` never resolves an incident. */
function useAreaKeys(): void {
  useEffect(() => {
    let pendingSince = 0;
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.isComposing || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target instanceof Element ? (event.target as ShortcutTarget & Element) : null;
      if (isTypingTarget(target) || isDialogOpen(event.target, event.key)) return;
      const now = Date.now();
      if (pendingSince && now - pendingSince <= CHORD_MS) {
        pendingSince = 0;
        const match = AREAS.find((entry) => entry.key === event.key.toLowerCase());
        if (!match) return;
        useConsoleArea.getState().show(match.area);
        event.preventDefault();
        return;
      }
      if (event.key === 'g' && !event.shiftKey) {
        pendingSince = now;
        event.preventDefault();
      }
    }
    // On the document: it hears keys before the queue's window listener and the areas' key guard (specialists-area.tsx).
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
