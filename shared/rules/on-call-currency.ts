/**
 * Whether a read of who is on call still answers "who is on call now" for a policy. Who
 * is on call changes at a shift's end (the read states each one) or by a change someone
 * makes (an override, a schedule edit), which shows within the read's age. So a read
 * answers for a policy while it is younger than the age allowed and every one of the
 * policy's shifts is under way: begun and not ended. The detail pane reuses the engine's
 * shared on-call read this way instead of asking the platform again.
 */
import type { OnCall } from '../domain/directory';

export interface OnCallRead {
  entries: readonly OnCall[];
  /** When the read was started (ms since the epoch). */
  readAt: number;
}

/** The read's on-call people by escalation policy id, only the policies it still answers for at `now`. */
export function currentOnCallsByPolicy(read: OnCallRead, now: number, maxAgeMs: number): Map<string, OnCall[]> {
  const byPolicy = new Map<string, OnCall[]>();
  if (now - read.readAt > maxAgeMs || now < read.readAt) return byPolicy;
  const outdated = new Set<string>();
  for (const entry of read.entries) {
    const policyId = entry.escalationPolicy.id;
    if (!underWay(entry, now)) outdated.add(policyId);
    const list = byPolicy.get(policyId);
    if (list) list.push(entry);
    else byPolicy.set(policyId, [entry]);
  }
  for (const policyId of outdated) byPolicy.delete(policyId);
  return byPolicy;
}

/** Begun and not ended at `now` (null start or end: on call permanently, a direct escalation target). */
function underWay(entry: OnCall, now: number): boolean {
  if (entry.start !== null && Date.parse(entry.start) > now) return false;
  return entry.end === null || Date.parse(entry.end) > now;
}
