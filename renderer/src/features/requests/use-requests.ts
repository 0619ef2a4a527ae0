/**
 * Specialist requests in their own TanStack Query cache (not the incident snapshot): one
 * list per scope (mine, my teams, one offering's), patched in place by the engine's
 * specialistRequestChanged events, and the mutations that submit and act on requests.
 */
import { useEffect } from 'react';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useConsole } from '../../client/console-context';
import type { RequestInput } from '../../../../shared/contract';
import type { SpecialistRequest } from '../../../../shared/domain/specialist-request';
import { useSnapshotPart } from '../../state/use-snapshot';
import { ticketingConnection } from '../actions/action-progress';
import { isRequester, isSettling, isSpecialistFor, upsertRequest, type Viewer } from './request-model';

export type RequestScope = 'mine' | 'my-teams' | 'all';

export const requestsKeyRoot = ['specialistRequests'] as const;
const requestsKey = (scope: RequestScope, offeringId: string | null = null) => [...requestsKeyRoot, scope, offeringId] as const;

type RequestList = { requests: SpecialistRequest[] };

export function useRequests(scope: RequestScope, offeringId: string | null = null, enabled = true) {
  const { client } = useConsole();
  const withTicketing = ticketingConnection(useSnapshotPart((snapshot) => snapshot.connections) ?? []) !== null;
  return useQuery({
    queryKey: requestsKey(scope, offeringId),
    queryFn: () => client.call('listSpecialistRequests', offeringId ? { scope, offeringId } : { scope }),
    enabled,
    retry: 1,
    staleTime: 30_000,
    // Events keep the list current; a periodic read heals a missed one (a dropped event stream): every
    // 5 s while a request is still being raised or run, else every minute (the SLA flags).
    refetchInterval: (query) => (query.state.data?.requests.some((request) => isSettling(request, withTicketing)) ? 5_000 : 60_000),
  });
}

/** Whether a request belongs in the list cached under `queryKey`, for the viewer. */
function belongsTo(queryKey: readonly unknown[], request: SpecialistRequest, viewer: Viewer): boolean {
  const [, scope, offeringId] = queryKey;
  if (typeof offeringId === 'string' && offeringId !== request.offeringId) return false;
  if (scope === 'mine') return isRequester(request, viewer);
  if (scope === 'my-teams') return isSpecialistFor(request, viewer);
  return scope === 'all';
}

/** Puts a request the engine reported into every cached list it is in or belongs to. */
function foldRequest(queryClient: QueryClient, request: SpecialistRequest, viewer: Viewer): void {
  for (const query of queryClient.getQueryCache().findAll({ queryKey: requestsKeyRoot })) {
    // A fetch in flight started before this change and would overwrite it: ask again instead.
    if (query.state.fetchStatus === 'fetching') {
      void queryClient.invalidateQueries({ queryKey: query.queryKey, exact: true });
      continue;
    }
    const current = query.state.data as RequestList | undefined;
    if (!current) continue;
    const { list, missing } = upsertRequest(current.requests, request, belongsTo(query.queryKey, request, viewer));
    if (list !== current.requests) queryClient.setQueryData(query.queryKey, { requests: list });
    // A request we had not seen: the list may be ordered or filtered by the engine; ask again.
    if (missing) void queryClient.invalidateQueries({ queryKey: query.queryKey, exact: true });
  }
}

/** Subscribes to specialistRequestChanged for as long as the caller is mounted. */
export function useRequestEvents(viewer: Viewer): void {
  const { client } = useConsole();
  const queryClient = useQueryClient();
  const { email, triagesTeamIds } = viewer;
  const teams = triagesTeamIds.join(',');
  useEffect(() => {
    const current: Viewer = { email, triagesTeamIds: teams ? teams.split(',') : [] };
    return client.subscribe((event) => {
      if (event.name === 'specialistRequestChanged') foldRequest(queryClient, event.payload, current);
      // A new persona or workspace: nothing cached is right any more.
      if (event.name === 'workspaceChanged') void queryClient.invalidateQueries({ queryKey: requestsKeyRoot });
    });
  }, [client, queryClient, email, teams]);
}

export function useSubmitRequest() {
  const { client } = useConsole();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RequestInput<'submitSpecialistRequest'>) => client.call('submitSpecialistRequest', input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: requestsKeyRoot }),
  });
}

export function useActOnRequest(viewer: Viewer) {
  const { client } = useConsole();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RequestInput<'actOnSpecialistRequest'>) => client.call('actOnSpecialistRequest', input),
    onSuccess: (request) => foldRequest(queryClient, request, viewer),
  });
}

/** Runs a failed request again with (edited) inputs; the answer is the request that runs or waits now (a new one when inputs changed). */
export function useRetryRequest(viewer: Viewer) {
  const { client } = useConsole();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RequestInput<'retrySpecialistRequest'>) => client.call('retrySpecialistRequest', input),
    onSuccess: (request) => {
      foldRequest(queryClient, request, viewer);
      // The request it replaced changed too.
      void queryClient.invalidateQueries({ queryKey: requestsKeyRoot });
    },
  });
}

/** The end of a run's log, read once per run outcome (a finished run's log does not change). */
export function useRunLog(requestId: string, runId: string, finishedAt: string | null) {
  const { client } = useConsole();
  return useQuery({
    queryKey: ['specialistRunLog', requestId, runId, finishedAt] as const,
    queryFn: () => client.call('getSpecialistRunLog', { requestId, runId }),
    staleTime: Number.POSITIVE_INFINITY,
    retry: 1,
    refetchOnWindowFocus: false,
  });
}
