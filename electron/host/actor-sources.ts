/**
 * The two ways a host says who acts on specialist requests (engine/ports/actor.ts): the
 * demo's personas, switched from the header (the developer on call, a DBA, a network
 * engineer, an incident manager, drawn from the directory), or the signed-in user.
 */
import { ContractFailure } from '../../shared/contract';
import type { Catalogue } from '../../shared/domain/catalogue';
import type { Directory } from '../../shared/domain/directory';
import type { Persona } from '../../shared/domain/specialist-request';
import { errorText } from '../../shared/error-text';
import type { ProviderUser } from '../engine/ports';
import type { Actor, ActorSource } from '../engine/ports/actor';
import { demoPersonas, triagedTeamIds } from '../engine/specialists/people';

interface ActorSourceOptions {
  catalogue: Catalogue;
  directory(): Promise<Directory>;
  /** The paging token's owner, or null when it could not be read. */
  me: ProviderUser | null;
  /** Demo personas from elsewhere than the paging directory (the change system's change manager). */
  extraPersonas?: readonly Persona[];
  log?(message: string): void;
}

const UNKNOWN_USER =
  "The console does not know who you are (the paging token's user could not be read): check the PagerDuty connection and restart";

/** The catalogue teams `email` triages; none (and a log line) when the directory cannot be read. */
async function teamsOf(options: ActorSourceOptions, email: string): Promise<string[]> {
  try {
    return triagedTeamIds(await options.directory(), options.catalogue, email);
  } catch (error) {
    options.log?.(`The directory could not be read for your teams: ${errorText(error)}`);
    return [];
  }
}

/** Outside the demo: the signed-in user, always. */
export function signedInUser(options: ActorSourceOptions): ActorSource {
  const { me } = options;
  return {
    async current(): Promise<Actor> {
      if (!me) throw new ContractFailure('bad_request', UNKNOWN_USER);
      return { person: me, teamIds: await teamsOf(options, me.email) };
    },
    async personas() {
      if (!me) return { personas: [], current: null };
      const teamIds = await teamsOf(options, me.email);
      return { personas: [{ id: 'developer', label: `You: ${me.name}`, user: { ...me }, triagesTeamIds: teamIds }], current: 'developer' };
    },
    switchTo() {
      return Promise.reject(
        new ContractFailure('bad_request', 'Personas are a demo feature: outside the demo the console acts as the workspace user'),
      );
    },
  };
}

/** The demo: whichever persona was chosen last (the developer at first); the user when the directory has none. */
export function demoPersonaSwitch(options: ActorSourceOptions): ActorSource {
  let chosen: Persona['id'] = 'developer';
  const personas = async () => {
    const list = [...demoPersonas(await options.directory(), options.catalogue, options.me), ...(options.extraPersonas ?? [])];
    const current = list.some((persona) => persona.id === chosen) ? chosen : (list[0]?.id ?? null);
    return { personas: list, current };
  };
  return {
    personas,
    async current(): Promise<Actor> {
      const { personas: list, current } = await personas();
      const persona = list.find((candidate) => candidate.id === current);
      if (persona) return { person: { ...persona.user }, teamIds: persona.triagesTeamIds };
      return signedInUser(options).current();
    },
    async switchTo(personaId) {
      const { personas: list } = await personas();
      const persona = list.find((candidate) => candidate.id === personaId);
      if (!persona)
        throw new ContractFailure(
          'bad_request',
          `No persona "${personaId}" (personas: ${list.map((candidate) => candidate.id).join(', ')})`,
        );
      chosen = persona.id;
      return chosen;
    },
  };
}
