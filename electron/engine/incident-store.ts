/**
 * The open incidents the console knows about, and the diff of each update into a small
 * delta for the UI: only incidents that really changed are sent, so an update's cost
 * grows with the rate of change, not with the size of the queue.
 */
import { isOpen, type Incident } from '../../shared/domain/incident';

export interface IncidentDelta {
  seq: number;
  upserted: Incident[];
  removedIds: string[];
}

export class IncidentStore {
  /** Each incident with its serialised form, to tell a real change from a repeat. */
  private readonly byId = new Map<string, { incident: Incident; fingerprint: string }>();
  private seqCounter = 0;

  get seq(): number {
    return this.seqCounter;
  }

  get size(): number {
    return this.byId.size;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): Incident | undefined {
    return this.byId.get(id)?.incident;
  }

  list(): Incident[] {
    return [...this.byId.values()].map((entry) => entry.incident);
  }

  /**
   * A full reconcile: `openIncidents` is the whole truth (of one platform, when `platform`
   * names it: the other platforms' incidents are left as they are); anything else is dropped.
   */
  replaceAll(openIncidents: Incident[], platform?: string): IncidentDelta | null {
    const present = new Set(openIncidents.map((incident) => incident.id));
    const removedIds = [...this.byId.entries()]
      .filter(([id, { incident }]) => !present.has(id) && (platform === undefined || incident.provider === platform))
      .map(([id]) => id);
    return this.applyChanges(openIncidents, removedIds);
  }

  /** Incremental changes: resolved incidents and `goneIds` leave the queue, others are upserted. */
  applyChanges(changed: Incident[], goneIds: string[] = []): IncidentDelta | null {
    const upserted: Incident[] = [];
    const removed = new Set<string>();
    for (const incident of changed) {
      if (!isOpen(incident)) {
        if (this.byId.delete(incident.id)) removed.add(incident.id);
        continue;
      }
      // The very record already held (a first load's page, then its whole list): nothing to compare.
      if (this.byId.get(incident.id)?.incident === incident) continue;
      const fingerprint = JSON.stringify(incident);
      if (this.byId.get(incident.id)?.fingerprint === fingerprint) continue;
      this.byId.set(incident.id, { incident, fingerprint });
      upserted.push(incident);
      removed.delete(incident.id);
    }
    for (const id of goneIds) {
      if (this.byId.delete(id)) removed.add(id);
    }
    if (upserted.length === 0 && removed.size === 0) return null;
    this.seqCounter += 1;
    return { seq: this.seqCounter, upserted, removedIds: [...removed] };
  }
}
