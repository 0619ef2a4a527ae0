/**
 * The keymap: which registry command a key press runs, from the keys of the command
 * registry (a chord, or the last key of a sequence such as "g c"), and when keys are left
 * alone: typing in a field, a dialog open, Enter on a button. It keeps the start of a
 * sequence between presses; use-queue-shortcuts.ts feeds it the window's keys.
 */
import { COMMANDS, type CommandDefinition } from './registry';
import { isTypingTarget, matchesChord, parseKeys, type Chord, type KeyPress } from './keys';

export interface Binding {
  /** As written in the registry, e.g. "shift+r" or "g c". */
  keys: string;
  chords: readonly Chord[];
  command: CommandDefinition;
}

export const BINDINGS: readonly Binding[] = COMMANDS.flatMap((command) =>
  command.keys.map((keys) => ({ keys, chords: parseKeys(keys), command })),
);

/** How long after one key of a sequence the next still counts. */
export const SEQUENCE_MS = 1_200;

interface KeymapState {
  /** A dialog (or the palette, which handles its own keys) is open. */
  dialogOpen: boolean;
  /** When the key was pressed (ms); the clock by default. */
  now?: number;
}

/** A command to run, or the start of a sequence (the key is held, and spent). */
export type KeyOutcome = { type: 'command'; command: CommandDefinition } | { type: 'sequence' };

export interface Keymap {
  /** What this key press means, or null to let the page and the browser have it. */
  press(press: KeyPress, state: KeymapState): KeyOutcome | null;
}

const ACTIVATABLE_TAGS = new Set(['BUTTON', 'A', 'SUMMARY']);

function startsWith(chords: readonly Chord[], presses: readonly KeyPress[]): boolean {
  return presses.length <= chords.length && presses.every((press, index) => matchesChord(chords[index]!, press));
}

export function createKeymap(bindings: readonly Binding[] = BINDINGS): Keymap {
  let pending: { presses: KeyPress[]; at: number } | null = null;

  function allowed(binding: Binding, press: KeyPress, typing: boolean): boolean {
    if (typing && !binding.command.whileTyping) return false;
    // Enter on a button or link activates it, as everywhere else.
    return !(press.key === 'Enter' && press.target?.tagName !== undefined && ACTIVATABLE_TAGS.has(press.target.tagName.toUpperCase()));
  }

  /** The binding `presses` complete, or whether they start a longer one. */
  function lookUp(presses: readonly KeyPress[]): { complete: Binding | undefined; starts: boolean } {
    const matching = bindings.filter((binding) => startsWith(binding.chords, presses));
    return {
      complete: matching.find((binding) => binding.chords.length === presses.length),
      starts: matching.some((binding) => binding.chords.length > presses.length),
    };
  }

  return {
    press(press, state) {
      const now = state.now ?? Date.now();
      const earlier = pending && now - pending.at <= SEQUENCE_MS ? pending.presses : [];
      pending = null;
      if (state.dialogOpen) return null;
      const typing = isTypingTarget(press.target);
      // The next key of a sequence; when it continues none, it counts on its own.
      const candidates = earlier.length > 0 ? [[...earlier, press], [press]] : [[press]];
      for (const presses of candidates) {
        const { complete, starts } = lookUp(presses);
        if (complete) return allowed(complete, press, typing) ? { type: 'command', command: complete.command } : null;
        if (starts && !typing) {
          pending = { presses, at: now };
          return { type: 'sequence' };
        }
      }
      return null;
    },
  };
}
