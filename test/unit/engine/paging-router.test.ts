/**
 * Several paging platforms in one queue: the router sends each action to the platform of
 * the incident it names (one request per platform for a bulk action spanning both, every
 * platform asked even when one refuses), refuses a merge across platforms, and a read that
 * covers every platform carries on without one that is down; the shared store's reconcile
 * of one platform leaves the other's incidents alone.
 */
import { describe, expect, it } from 'vitest';
import { IncidentStore } from '../../../electron/engine/incident-store';
import { PagingRouter } from '../../../electron/engine/paging-router';
import { ProviderError } from '../../../electron/engine/ports';
import { FakePagingProvider, makeIncident } from '../../support/fake-paging-provider';

function twoPlatforms() {
  const pagerDuty = new FakePagingProvider();
  const splunk = new FakePagingProvider();
  Object.defineProperty(splunk, 'id', { value: 'splunk-on-call' });
  Object.defineProperty(splunk, 'label', { value: 'Splunk On-Call' });
  for (const id of ['Q1', 'Q2']) pagerDuty.incidents.set(id, makeIncident(id));
  for (const id of ['splunk-on-call:7', 'splunk-on-call:8']) splunk.incidents.set(id, makeIncident(id, { provider: 'splunk-on-call' }));
  return { pagerDuty, splunk, router: new PagingRouter([pagerDuty, splunk]) };
}

describe('the paging router', () => {
  it("sends a bulk action spanning both platforms as one request to each, with that platform's incidents", async () => {
    const { pagerDuty, splunk, router } = twoPlatforms();
    expect(router.label).toBe('Fake PagerDuty and Splunk On-Call');
    await router.acknowledge(['Q1', 'splunk-on-call:7', 'Q2', 'splunk-on-call:8']);
    expect(pagerDuty.writes).toEqual(['acknowledge Q1,Q2']);
    expect(splunk.writes).toEqual(['acknowledge splunk-on-call:7,splunk-on-call:8']);
    await router.resolve(['splunk-on-call:7']);
    expect(pagerDuty.writes).toEqual(['acknowledge Q1,Q2']);
    expect(splunk.writes.at(-1)).toBe('resolve splunk-on-call:7');
  });

  it('asks every platform even when one refuses, then reports the refusal', async () => {
    const { pagerDuty, splunk, router } = twoPlatforms();
    splunk.failNext.set('resolve', [new ProviderError('rejected', 'Incident 7 is already resolved')]);
    await expect(router.resolve(['Q1', 'splunk-on-call:7'])).rejects.toThrow('Incident 7 is already resolved');
    expect(pagerDuty.writes).toEqual(['resolve Q1']);
  });

  it('routes single-incident reads and writes by id, and refuses a merge across platforms', async () => {
    const { pagerDuty, splunk, router } = twoPlatforms();
    await router.addNote('Q2', 'Looking');
    expect(pagerDuty.writes).toEqual(['note Q2 Looking']);
    expect(router.platformOf('splunk-on-call:8')).toBe(splunk);
    expect([...(await router.incidentsNow(['Q1', 'splunk-on-call:8'])).keys()].sort()).toEqual(['Q1', 'splunk-on-call:8']);
    await expect(router.merge('Q1', ['Q2', 'splunk-on-call:7'])).rejects.toThrow(
      'Incidents on different paging platforms cannot be merged: splunk-on-call:7 is not on Fake PagerDuty',
    );
    expect(pagerDuty.writes).toEqual(['note Q2 Looking']);
  });

  it('merges the directory and the on-call lists of both, and carries on without a platform that is down', async () => {
    const { pagerDuty, splunk, router } = twoPlatforms();
    splunk.directory = {
      ...splunk.directory,
      users: [{ id: 'jdoe', name: 'Jo Doe', email: 'jo@example.com', teamIds: [], contactMethods: [] }],
    };
    expect((await router.getDirectory()).users.map((user) => user.id)).toEqual(['U1', 'jdoe']);
    splunk.failNext.set('getDirectory', [new ProviderError('transient', 'Splunk On-Call is down')]);
    expect((await router.getDirectory()).users.map((user) => user.id)).toEqual(['U1']);
    pagerDuty.failNext.set('getDirectory', [new ProviderError('transient', 'PagerDuty is down')]);
    splunk.failNext.set('getDirectory', [new ProviderError('transient', 'Splunk On-Call is down')]);
    await expect(router.getDirectory()).rejects.toThrow('PagerDuty is down');
  });
});

describe('the shared incident store', () => {
  it("reconciles one platform's incidents and leaves the other's alone", () => {
    const store = new IncidentStore();
    store.applyChanges([makeIncident('Q1', { provider: 'pagerduty' }), makeIncident('splunk-on-call:7', { provider: 'splunk-on-call' })]);
    const delta = store.replaceAll([makeIncident('splunk-on-call:8', { provider: 'splunk-on-call' })], 'splunk-on-call');
    expect(delta).toMatchObject({ upserted: [{ id: 'splunk-on-call:8' }], removedIds: ['splunk-on-call:7'] });
    expect(store.list().map((incident) => incident.id)).toEqual(['Q1', 'splunk-on-call:8']);
    // Without a platform named (one platform), the list is the whole truth.
    expect(store.replaceAll([])?.removedIds.sort()).toEqual(['Q1', 'splunk-on-call:8']);
  });
});
