/**
 * "Roll back" from an incident's "what changed": which catalogue offering rolls back a
 * service, and what its form starts with. An offering rolls a service back when it is
 * self-service and its `rollback.services` names the service (as the paging platform names
 * it, case and spaces aside) or is ["*"]; an offering that names the service wins over one
 * for any service, and among equals the catalogue's order decides (the first one).
 *
 * The version to go back to is the one production ran before the newest production
 * deployment: that deployment's range `from` (the previous production version it was
 * compared with). Without it (the first deployment the console knows) there is nothing
 * to roll back to, and no rollback is offered.
 */
import { ANY_SERVICE_ROLLBACK, fieldChoices, type Offering } from '../domain/catalogue';
import type { ServiceDeployment } from '../domain/delivery';

type RollbackOffering = Pick<Offering, 'id' | 'kind' | 'form' | 'rollback'>;

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The offering that rolls back this service, or null when the catalogue has none. */
export function rollbackOfferingFor<O extends RollbackOffering>(offerings: readonly O[], service: string): O | null {
  const rollbacks = offerings.filter((offering) => offering.kind === 'self-service' && offering.rollback !== undefined);
  const named = rollbacks.find((offering) => offering.rollback?.services.some((name) => same(name, service)));
  if (named) return named;
  return rollbacks.find((offering) => offering.rollback?.services.some((name) => name.trim() === ANY_SERVICE_ROLLBACK)) ?? null;
}

/** What a rollback button starts: which offering, for which deployment, back to which version, with which form values. */
interface RollbackChoice<O extends RollbackOffering> {
  offering: O;
  service: string;
  environment: string;
  /** The version production runs now (the newest production deployment's). */
  from: string;
  /** The version to go back to: production's version before it. */
  to: string;
  /** The form's service and version fields, filled. */
  inputs: Record<string, string>;
}

/**
 * The rollback to offer for these deployments: that of the newest production deployment's
 * service, back to the version before it; null when there is no production deployment,
 * no previous version is known, or no offering rolls its service back.
 */
export function rollbackFor<O extends RollbackOffering>(
  offerings: readonly O[],
  deployments: readonly Pick<ServiceDeployment, 'service' | 'environment' | 'production' | 'ref' | 'createdAt' | 'range'>[],
): RollbackChoice<O> | null {
  const newest = deployments
    .filter((deployment) => deployment.production)
    .reduce<(typeof deployments)[number] | null>(
      (latest, deployment) => (latest === null || Date.parse(deployment.createdAt) > Date.parse(latest.createdAt) ? deployment : latest),
      null,
    );
  const previous = newest?.range?.from ?? null;
  if (!newest || previous === null || same(previous, newest.ref)) return null;
  const offering = rollbackOfferingFor(offerings, newest.service);
  if (!offering?.rollback) return null;
  return {
    offering,
    service: newest.service,
    environment: newest.environment,
    from: newest.ref,
    to: previous,
    inputs: { [offering.rollback.serviceField]: serviceValue(offering, newest.service), [offering.rollback.versionField]: previous },
  };
}

/** The service as the form's service field takes it: the choice spelled as the form spells it, or the name as it is. */
function serviceValue(offering: RollbackOffering, service: string): string {
  const field = offering.rollback ? offering.form.properties[offering.rollback.serviceField] : undefined;
  const choices = field?.type === 'string' ? fieldChoices(field) : null;
  return choices?.find((choice) => same(choice, service)) ?? service;
}
