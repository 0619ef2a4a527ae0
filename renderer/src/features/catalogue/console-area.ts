/**
 * Which area of the console is showing (the incident queue, the catalogue, the requests,
 * the changes or delivery) and where in it: the offering open in the catalogue, the incident a
 * request is being raised from, the requests tab and the request open, the changes tab
 * and the change open, the delivery tab and the service open. The queue is the default.
 */
import { create } from 'zustand';
import type { IncidentFacts } from '../../../../shared/domain/catalogue-incident';

export type ConsoleArea = 'queue' | 'catalogue' | 'requests' | 'changes' | 'delivery';
export type RequestsTab = 'mine' | 'triage';
export type ChangesTab = 'approvals' | 'changes' | 'templates';
export type DeliveryTab = 'services' | 'metrics' | 'audit';

/**
 * The incident a request is raised from: the request links to it, the catalogue shows
 * what fits its service, and the form is filled from it where the catalogue says how.
 */
export interface RaiseFrom {
  incidentId: string;
  number: number | string;
  title: string;
  /** A major incident: the form offers "urgent" (pages the specialist on call). */
  major: boolean;
  /** What offerings may use of it (catalogue-incident.ts). */
  facts: IncidentFacts;
  /** Values the action that opened one offering gives its fields (a rollback's service and version), over what fromIncident fills. */
  given?: { offeringId: string; inputs: Record<string, string> };
}

interface ConsoleAreaState {
  area: ConsoleArea;
  offeringId: string | null;
  raiseFrom: RaiseFrom | null;
  requestsTab: RequestsTab;
  requestId: string | null;
  changesTab: ChangesTab;
  /** The change (or template) open in the Changes area. */
  changeId: string | null;
  deliveryTab: DeliveryTab;
  /** The service open in the Delivery area (its name, as the delivery mapping writes it). */
  deliveryService: string | null;
  show(area: ConsoleArea): void;
  /** Opens the catalogue (on an offering, or the list), optionally to raise a request from an incident (then on the list, not the last offering viewed). */
  openCatalogue(options?: { offeringId?: string | null; raiseFrom?: RaiseFrom | null }): void;
  openOffering(offeringId: string | null): void;
  clearRaiseFrom(): void;
  openRequests(tab?: RequestsTab, requestId?: string | null): void;
  selectRequest(requestId: string | null): void;
  openChanges(tab?: ChangesTab, changeId?: string | null): void;
  selectChange(changeId: string | null): void;
  openDelivery(tab?: DeliveryTab, service?: string | null): void;
  selectDeliveryService(service: string | null): void;
}

export const useConsoleArea = create<ConsoleAreaState>()((set) => ({
  area: 'queue',
  offeringId: null,
  raiseFrom: null,
  requestsTab: 'mine',
  requestId: null,
  changesTab: 'approvals',
  changeId: null,
  deliveryTab: 'services',
  deliveryService: null,
  show: (area) => set({ area }),
  openCatalogue: (options = {}) =>
    set((state) => ({
      area: 'catalogue',
      offeringId: options.offeringId === undefined ? state.offeringId : options.offeringId,
      raiseFrom: options.raiseFrom === undefined ? state.raiseFrom : options.raiseFrom,
    })),
  openOffering: (offeringId) => set({ area: 'catalogue', offeringId }),
  clearRaiseFrom: () => set({ raiseFrom: null }),
  openRequests: (tab, requestId) =>
    set((state) => ({
      area: 'requests',
      requestsTab: tab ?? state.requestsTab,
      requestId: requestId === undefined ? state.requestId : requestId,
    })),
  selectRequest: (requestId) => set({ requestId }),
  openChanges: (tab, changeId) =>
    set((state) => ({
      area: 'changes',
      changesTab: tab ?? state.changesTab,
      changeId: changeId === undefined ? state.changeId : changeId,
    })),
  selectChange: (changeId) => set({ changeId }),
  openDelivery: (tab, service) =>
    set((state) => ({
      area: 'delivery',
      deliveryTab: tab ?? state.deliveryTab,
      deliveryService: service === undefined ? state.deliveryService : service,
    })),
  selectDeliveryService: (deliveryService) => set({ deliveryService }),
}));
