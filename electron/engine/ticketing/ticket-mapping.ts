/**
 * Which ticketing records stand for which paging service: the workspace's mapping from a
 * PagerDuty service to its assignment group, business service and configuration item,
 * and back (for changes made in the ticketing system).
 */
import { ProviderError } from '../ports';
import type { TicketRouting } from '../ports/ticketing';

export interface ServiceMapping extends TicketRouting {
  pagingServiceId: string;
}

export class TicketMapping {
  private readonly byService = new Map<string, ServiceMapping>();

  constructor(entries: readonly ServiceMapping[]) {
    for (const entry of entries) this.byService.set(entry.pagingServiceId, entry);
  }

  get size(): number {
    return this.byService.size;
  }

  /** Where tickets for this paging service go, or null when the workspace does not say. */
  routingFor(pagingServiceId: string): TicketRouting | null {
    const entry = this.byService.get(pagingServiceId);
    return entry
      ? {
          assignmentGroupId: entry.assignmentGroupId,
          businessServiceId: entry.businessServiceId,
          configurationItemId: entry.configurationItemId,
        }
      : null;
  }

  /** Like routingFor, but a missing mapping is an error that says what to add. */
  requireRouting(pagingServiceId: string, serviceName: string, systemLabel: string): TicketRouting {
    const routing = this.routingFor(pagingServiceId);
    if (routing) return routing;
    throw new ProviderError(
      'rejected',
      `No ${systemLabel} mapping for the service "${serviceName}" (${pagingServiceId}): add it under ticketing.mapping in the workspace file (assignmentGroup, businessService, configurationItem).`,
    );
  }

  /**
   * The paging service a ticket's routing points at: the business service decides, else
   * the assignment group when exactly one service maps to it.
   */
  serviceFor(routing: { businessServiceId: string | null; assignmentGroupId: string | null }): string | null {
    const entries = [...this.byService.values()];
    if (routing.businessServiceId) {
      const match = entries.find((entry) => entry.businessServiceId === routing.businessServiceId);
      if (match) return match.pagingServiceId;
    }
    if (routing.assignmentGroupId) {
      const matches = entries.filter((entry) => entry.assignmentGroupId === routing.assignmentGroupId);
      if (matches.length === 1) return matches[0]!.pagingServiceId;
    }
    return null;
  }
}
