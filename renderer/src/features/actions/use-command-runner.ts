/**
 * Runs a command from the shortcut table on the current targets, the same way whether it
 * came from a key, the palette or a button. The targets are captured here, when the user
 * chooses the action, as incident ids (`actionTargets`: the selection, else the cursor
 * row): a dialog then acts on exactly those, whatever live updates or filters do meanwhile.
 */
import { useCallback, useMemo } from 'react';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import type { Snapshot } from '../../../../shared/contract';
import type { Incident, Urgency } from '../../../../shared/domain/incident';
import { useUiStore } from '../../state/ui-store';
import { actionTargets } from '../../state/selection';
import { snapshotKey } from '../../state/snapshot-sync';
import { activityByIncident } from './incident-activity';
import { useActionUi, type DialogKind } from './action-store';
import type { CommandId } from './shortcuts';
import { useIncidentActions } from './use-incident-actions';
import { goToAttention } from '../queue/attention-banner';

/** Commands that open a dialog to ask for more. */
const DIALOG_COMMANDS: Partial<Record<CommandId, DialogKind>> = {
  resolve: 'resolve',
  addNote: 'addNote',
  reassign: 'reassign',
  escalate: 'escalate',
  setPriority: 'setPriority',
  setUrgency: 'setUrgency',
  snooze: 'snooze',
  addResponders: 'addResponders',
  declareMajor: 'declareMajor',
  merge: 'merge',
};

export const SEARCH_LABEL = 'Search incidents';

function tell(message: string): void {
  notifications.show({ message, autoClose: 3_000 });
}

function numbers(incidents: readonly Incident[]): string {
  return incidents.map((incident) => `#${incident.number}`).join(', ');
}

export interface CommandRunner {
  /** The incident ids an action would act on now. */
  currentTargets(): string[];
  /** Runs a command; `targets` overrides the current targets (detail pane and bulk bar buttons). */
  run(command: CommandId, targets?: readonly string[]): void;
  setPriority(priorityId: string | null, targets?: readonly string[]): void;
  setUrgency(urgency: Urgency, targets?: readonly string[]): void;
}

export function useCommandRunner(): CommandRunner {
  const actions = useIncidentActions();
  const queryClient = useQueryClient();

  const currentTargets = useCallback(() => {
    const ui = useUiStore.getState();
    return actionTargets(ui.selectedIds, ui.cursor.id);
  }, []);

  const incidentsFor = useCallback(
    (ids: readonly string[]) => {
      const snapshot = queryClient.getQueryData<Snapshot>(snapshotKey);
      const byId = new Map((snapshot?.incidents ?? []).map((incident) => [incident.id, incident]));
      return { incidents: ids.flatMap((id) => byId.get(id) ?? []), actions: snapshot?.actions ?? [] };
    },
    [queryClient],
  );

  const run = useCallback(
    (command: CommandId, explicit?: readonly string[]) => {
      const ui = useUiStore.getState();
      const actionUi = useActionUi.getState();
      switch (command) {
        case 'openDetail':
          if (ui.cursor.id) ui.openDetail();
          return;
        case 'goToNew':
          if (!goToAttention()) tell('Nothing new needs you right now.');
          return;
        case 'close':
          if (ui.detailOpen) ui.closeDetail();
          else ui.clearSelected();
          return;
        case 'focusSearch': {
          const search = document.querySelector<HTMLElement>(`[aria-label="${SEARCH_LABEL}"]`);
          search?.focus();
          if (search instanceof HTMLInputElement) search.select();
          return;
        }
        case 'showHelp':
          actionUi.setHelpOpen(true);
          return;
        case 'openPalette':
          actionUi.setPaletteOpen(true);
          return;
        case 'toggleOnCall':
          actionUi.toggleOnCall();
          return;
        case 'cursorDown':
        case 'cursorUp':
        case 'cursorFirst':
        case 'cursorLast':
        case 'toggleSelected':
        case 'extendDown':
        case 'extendUp':
          // Navigation needs the visible rows: useQueueShortcuts handles these.
          return;
      }
      const targets = explicit ? [...explicit] : currentTargets();
      if (targets.length === 0) {
        tell('No incident to act on: move to one with j/k or select some with x.');
        return;
      }
      if (command === 'acknowledge') {
        const { incidents, actions: records } = incidentsFor(targets);
        const busy = activityByIncident(records);
        const toAck = incidents.filter(
          // Not again while one is on its way (its ticket half may still wait after PagerDuty took it).
          (incident) =>
            incident.status === 'triggered' && !busy.get(incident.id)?.pendingAll.some((action) => action.request.kind === 'acknowledge'),
        );
        if (toAck.length === 0) {
          tell(incidents.length === 1 ? `#${incidents[0]!.number} is already acknowledged.` : 'These incidents are already acknowledged.');
          return;
        }
        void actions.acknowledge(toAck.map((incident) => incident.id));
        return;
      }
      const dialog = DIALOG_COMMANDS[command];
      if (dialog) actionUi.openDialog(dialog, targets);
    },
    [actions, currentTargets, incidentsFor],
  );

  const setPriority = useCallback(
    (priorityId: string | null, explicit?: readonly string[]) => {
      const targets = explicit ? [...explicit] : currentTargets();
      if (targets.length === 0) return tell('No incident to act on: move to one with j/k or select some with x.');
      void actions.submit({ kind: 'setPriority', incidentIds: targets, priorityId });
    },
    [actions, currentTargets],
  );

  const setUrgency = useCallback(
    (urgency: Urgency, explicit?: readonly string[]) => {
      const targets = explicit ? [...explicit] : currentTargets();
      if (targets.length === 0) return tell('No incident to act on: move to one with j/k or select some with x.');
      const { incidents } = incidentsFor(targets);
      const changing = incidents.filter((incident) => incident.urgency !== urgency);
      if (changing.length === 0)
        return tell(`${numbers(incidents)} already ${incidents.length === 1 ? 'has' : 'have'} ${urgency} urgency.`);
      void actions.submit({ kind: 'setUrgency', incidentIds: changing.map((incident) => incident.id), urgency });
    },
    [actions, currentTargets, incidentsFor],
  );

  return useMemo(() => ({ currentTargets, run, setPriority, setUrgency }), [currentTargets, run, setPriority, setUrgency]);
}
