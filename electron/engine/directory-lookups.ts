/**
 * What the actions and the automations look up in the paging platform's directory: the
 * escalation policy a service pages (to reassign to it) and a priority's id by its name.
 */
import type { Directory } from '../../shared/domain/directory';
import { ProviderError } from './ports';

/** The escalation policy of a paging service; a refusal that says so when it has none. */
export async function escalationPolicyOfService(directory: () => Promise<Directory>, serviceId: string): Promise<string> {
  const service = (await directory()).services.find((candidate) => candidate.id === serviceId);
  if (!service?.escalationPolicyId) {
    throw new ProviderError('rejected', `The service ${service?.name ?? serviceId} has no escalation policy to reassign to.`);
  }
  return service.escalationPolicyId;
}

/** A priority's id by its name ("P1"), or null when the platform has no such priority. */
export async function priorityIdByName(directory: () => Promise<Directory>, name: string): Promise<string | null> {
  return (await directory()).priorities.find((priority) => priority.name === name)?.id ?? null;
}
