/**
 * Who the console acts as for specialist requests, filled by the host: in the demo one
 * of its personas (switched from the header), otherwise the signed-in user (the paging
 * token's owner). The engine asks it on every step; it never decides who someone is.
 */
import type { Persona } from '../../../shared/domain/specialist-request';
import type { ProviderUser } from './index';

/** A person acting, and the catalogue teams whose requests they triage. */
export interface Actor {
  person: ProviderUser;
  teamIds: string[];
}

export interface ActorSource {
  /** Who acts now; a ContractFailure saying what to fix when nobody is known. */
  current(): Promise<Actor>;
  /** The personas to choose from, and the one in force (outside the demo: the user alone). */
  personas(): Promise<{ personas: Persona[]; current: Persona['id'] | null }>;
  /** Acts as another persona from now on; a ContractFailure outside the demo or for an unknown one. */
  switchTo(personaId: string): Promise<Persona['id']>;
}
