/**
 * Who acts on specialist requests (host/actor-sources.ts): in the demo the chosen persona
 * (the developer at first), drawn from the directory; outside it the signed-in user, who
 * cannot switch, and a clear refusal when the token's user is unknown.
 */
import { describe, expect, it } from 'vitest';
import { ContractFailure } from '../../../shared/contract';
import { demoPersonaSwitch, signedInUser } from '../../../electron/host/actor-sources';
import { catalogue, demoDirectory, people } from '../engine/specialists/specialist-harness';

const directory = async () => demoDirectory();

async function refusal(promise: Promise<unknown>): Promise<ContractFailure> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ContractFailure);
  return error as ContractFailure;
}

describe('the demo personas', () => {
  it('act as the developer first, then as whoever was chosen, with the teams they triage', async () => {
    const actor = demoPersonaSwitch({ catalogue, directory, me: people.dana });
    expect((await actor.current()).person.email).toBe(people.dana.email);
    expect((await actor.personas()).personas.map((persona) => persona.id)).toEqual([
      'developer',
      'dba',
      'network-engineer',
      'incident-manager',
    ]);
    expect(await actor.switchTo('dba')).toBe('dba');
    const dba = await actor.current();
    expect(dba.person.email).toBe(people.victor.email);
    expect(dba.teamIds).toEqual(['database-administration']);
    expect((await actor.personas()).current).toBe('dba');
  });

  it('refuse a persona that does not exist, naming those that do', async () => {
    const actor = demoPersonaSwitch({ catalogue, directory, me: people.dana });
    expect((await refusal(actor.switchTo('ceo'))).message).toBe(
      'No persona "ceo" (personas: developer, dba, network-engineer, incident-manager)',
    );
    expect((await actor.current()).person.email).toBe(people.dana.email);
  });
});

describe('the signed-in user', () => {
  it('is the only persona, cannot switch, and triages their teams', async () => {
    const actor = signedInUser({ catalogue, directory, me: people.victor });
    expect(await actor.current()).toEqual({ person: people.victor, teamIds: ['database-administration'] });
    expect((await actor.personas()).personas.map((persona) => persona.label)).toEqual([`You: ${people.victor.name}`]);
    const refused = await refusal(actor.switchTo('dba'));
    expect(refused.code).toBe('bad_request');
    expect(refused.message).toMatch(/^Personas are a demo feature/);
  });

  it('says what to fix when the paging token’s user is unknown, and keeps working without teams when the directory fails', async () => {
    expect((await refusal(signedInUser({ catalogue, directory, me: null }).current())).message).toMatch(/check the PagerDuty connection/);
    const logs: string[] = [];
    const failing = signedInUser({
      catalogue,
      directory: () => Promise.reject(new Error('PagerDuty answered 503')),
      me: people.dana,
      log: (line) => logs.push(line),
    });
    expect((await failing.current()).teamIds).toEqual([]);
    expect(logs).toEqual(['The directory could not be read for your teams: PagerDuty answered 503']);
  });
});
