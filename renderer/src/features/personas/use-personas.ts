/**
 * The demo's personas (developer on call, DBA, network engineer, incident manager) and
 * who the console acts as, plus the switch: after it, everything read through the old
 * persona's eyes (requests, the snapshot's "me", the catalogue's on-call names, the approvals waiting) is fetched
 * again.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useConsole } from '../../client/console-context';
import { useSnapshotPart } from '../../state/use-snapshot';
import type { Persona } from '../../../../shared/domain/specialist-request';
import type { Viewer } from '../requests/request-model';
import { requestsKeyRoot } from '../requests/use-requests';
import { changesKeyRoot } from '../changes/use-changes';

const personasKey = ['personas'] as const;

export function usePersonas(enabled = true) {
  const { client } = useConsole();
  return useQuery({
    queryKey: personasKey,
    queryFn: () => client.call('getPersonas', {}),
    enabled,
    retry: false,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

/**
 * The persona the console acts as now: the demo's chosen one, or outside the demo the
 * workspace user with the catalogue teams they triage; null when none is chosen or the
 * workspace has no catalogue.
 */
function useCurrentPersona(): Persona | null {
  const data = usePersonas().data;
  return data?.personas.find((persona) => persona.id === data.current) ?? null;
}

/** Who looks at requests: the current persona, else the workspace's "me". */
export function useViewer(): Viewer {
  const me = useSnapshotPart((snapshot) => snapshot.workspace.me) ?? null;
  const persona = useCurrentPersona();
  if (persona) return { email: persona.user.email, triagesTeamIds: persona.triagesTeamIds };
  return { email: me?.email ?? null, triagesTeamIds: [] };
}

export function useSwitchPersona(onSwitched?: (persona: Persona | undefined) => void) {
  const { client } = useConsole();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (personaId: string) => client.call('switchPersona', { personaId }),
    onSuccess: ({ current }) => {
      const personas = queryClient.getQueryData<{ personas: Persona[]; current: string | null }>(personasKey);
      if (personas) queryClient.setQueryData(personasKey, { ...personas, current });
      void queryClient.invalidateQueries({ queryKey: personasKey });
      void queryClient.invalidateQueries({ queryKey: requestsKeyRoot });
      void queryClient.invalidateQueries({ queryKey: ['catalogue'] });
      // Whose approvals wait changes with the persona.
      void queryClient.invalidateQueries({ queryKey: changesKeyRoot });
      void queryClient.invalidateQueries({ queryKey: ['snapshot'] });
      onSwitched?.(personas?.personas.find((persona) => persona.id === current));
    },
  });
}
