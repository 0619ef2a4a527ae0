/**
 * Which of the chosen incidents an action is offered on, by each incident's platform
 * (the shared rule shared/rules/platform-capabilities.ts), and what the page says about
 * it: the reason an action is not offered, what is left out of one that is (a note on a
 * Splunk On-Call incident goes to the ticket only), and, for a selection spanning
 * platforms, that it acts on those that take it ("Snooze: 2 of 3 incidents; not #12: …").
 * A merge is whole or nothing: it is refused when any of its incidents cannot take it.
 */
import type { ActionKind } from '../../../../shared/domain/action';
import type { ConnectionStatus } from '../../../../shared/domain/connection';
import type { Incident } from '../../../../shared/domain/incident';
import { actionCapability } from '../../../../shared/rules/platform-capabilities';
import { TICKETING_SYSTEMS } from './ticketing-systems';

/** The registry's commands that send an action of the same name. */
const ACTION_COMMANDS: ReadonlySet<string> = new Set<ActionKind>([
  'acknowledge',
  'resolve',
  'addNote',
  'reassign',
  'escalate',
  'setPriority',
  'setUrgency',
  'snooze',
  'addResponders',
  'declareMajor',
  'merge',
]);

export function isActionCommand(command: string): command is ActionKind {
  return ACTION_COMMANDS.has(command);
}

/** A ticketing system is connected, so an action the platform lacks may still be worth its ticket half. */
export function hasTicketing(connections: readonly ConnectionStatus[]): boolean {
  return connections.some((connection) => TICKETING_SYSTEMS.has(connection.provider));
}

interface PlatformOffer {
  /** The incidents the action goes to. */
  offered: Incident[];
  /** The incidents it is not offered on. */
  refused: Incident[];
  /** Why not (the first refused incident's platform's reason), or null. */
  refusal: string | null;
  /** What is left out of it on some offered incident ("…: the note goes to the ticket only"), or null. */
  partial: string | null;
}

export function platformOffer(kind: ActionKind, incidents: readonly Incident[], setup: { ticketing: boolean }): PlatformOffer {
  const offered: Incident[] = [];
  const refused: Incident[] = [];
  let refusal: string | null = null;
  let partial: string | null = null;
  for (const incident of incidents) {
    const capability = actionCapability(incident.provider, kind, setup);
    if (capability.offered) {
      offered.push(incident);
      partial ??= capability.reason;
    } else {
      refused.push(incident);
      refusal ??= capability.reason;
    }
  }
  if (kind === 'merge' && refused.length > 0) return { offered: [], refused: [...incidents], refusal, partial: null };
  return { offered, refused, refusal, partial };
}

function numbers(incidents: readonly Incident[]): string {
  return incidents.map((incident) => `#${incident.number}`).join(', ');
}

/**
 * What to tell the user when some or all of the chosen incidents cannot take the action,
 * in the place other refusals appear; null when all of them can.
 */
export function refusalMessage(label: string, offer: PlatformOffer): string | null {
  if (offer.refused.length === 0) return null;
  const reason = offer.refusal ?? 'its platform cannot take it';
  if (offer.offered.length === 0) {
    return `${label} is not offered on ${numbers(offer.refused)}: ${reason}.`;
  }
  const total = offer.offered.length + offer.refused.length;
  return `${label}: ${offer.offered.length} of ${total} incidents; not ${numbers(offer.refused)}: ${reason}.`;
}
