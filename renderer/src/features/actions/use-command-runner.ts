/**
 * Runs the registry's commands (features/commands/registry.ts) the same way whether they
 * came from a key, the palette or a button: it builds the CommandContext from the app's
 * stores at that moment and hands it to the command. The targets are captured here, when
 * the user chooses the action, as incident ids (`actionTargets`: the selection, else the
 * cursor row; a button passes its own): a dialog then acts on exactly those, whatever live
 * updates or filters do meanwhile. Also the one-step priority and urgency changes that
 * the palette and the value dialogs make. An action its incidents' platform does not offer
 * is refused here with the reason, for keys, palette and buttons alike; on a selection
 * spanning platforms it goes to those that take it, and says so (platform-offer.ts).
 */
import { useCallback, useMemo } from 'react';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import type { Snapshot } from '../../../../shared/contract';
import type { Incident, Urgency } from '../../../../shared/domain/incident';
import { useUiStore } from '../../state/ui-store';
import { actionTargets } from '../../state/selection';
import { snapshotKey } from '../../state/snapshot-sync';
import { usePanels } from '../../state/panels';
import {
  commandLabel,
  noTargetMessage,
  runCommand,
  type CommandContext,
  type CommandId,
  type CommandState,
  type Destination,
} from '../commands/registry';
import { focusTarget } from '../commands/focus-targets';
import { goToAttention } from '../queue/attention-banner';
import { useConsoleArea } from '../catalogue/console-area';
import { useResolvedView } from '../incidents/resolved-view';
import { useActionUi } from './action-store';
import { useIncidentActions } from './use-incident-actions';
import { hasTicketing, isActionCommand, platformOffer, refusalMessage } from './platform-offer';

function tell(message: string): void {
  notifications.show({ message, autoClose: 3_000 });
}

function numbers(incidents: readonly Incident[]): string {
  return incidents.map((incident) => `#${incident.number}`).join(', ');
}

/** Shows an area, the Resolved view or a header panel (the "go to" commands; the palette's incidents and views). */
export function showDestination(to: Destination): void {
  switch (to) {
    case 'queue':
    case 'resolved':
      useConsoleArea.getState().show('queue');
      useResolvedView.getState().show(to === 'resolved');
      return;
    case 'catalogue':
    case 'requests':
    case 'changes':
    case 'delivery':
      useResolvedView.getState().show(false);
      useConsoleArea.getState().show(to);
      return;
    case 'metrics':
    case 'settings':
      usePanels.getState().show(to);
      return;
  }
}

/** What the caller knows better than the stores: a button's own incidents; the keymap's visible rows and cursor. */
type ContextOverrides = Partial<Pick<CommandState, 'targets' | 'rows' | 'cursorId'>>;

export interface CommandRunner {
  /** The context a command would get now. */
  context(overrides?: ContextOverrides): CommandContext;
  /** Runs a command if it applies now; `targets` overrides the current targets (detail pane and bulk bar buttons). */
  run(command: CommandId, targets?: readonly string[]): boolean;
  /** Runs a command with the caller's rows and cursor (the keymap), through the same platform check as `run`. */
  runWith(command: CommandId, overrides: ContextOverrides): boolean;
  setPriority(priorityId: string | null, targets?: readonly string[]): void;
  setUrgency(urgency: Urgency, targets?: readonly string[]): void;
}

export function useCommandRunner(): CommandRunner {
  const actions = useIncidentActions();
  const queryClient = useQueryClient();

  const lookup = useCallback(
    (ids: readonly string[]) => {
      const snapshot = queryClient.getQueryData<Snapshot>(snapshotKey);
      const byId = new Map((snapshot?.incidents ?? []).map((incident) => [incident.id, incident]));
      return { incidents: ids.flatMap((id) => byId.get(id) ?? []), actions: snapshot?.actions ?? [] };
    },
    [queryClient],
  );

  const context = useCallback(
    (overrides: ContextOverrides = {}): CommandContext => {
      const ui = useUiStore.getState();
      const actionUi = useActionUi.getState();
      return {
        targets: overrides.targets ? [...overrides.targets] : actionTargets(ui.selectedIds, ui.cursor.id),
        cursorId: overrides.cursorId !== undefined ? overrides.cursorId : ui.cursor.id,
        selectedIds: ui.selectedIds,
        detailOpen: ui.detailOpen,
        rows: overrides.rows ?? [],
        ui,
        lookup,
        acknowledge: (ids) => void actions.acknowledge(ids),
        openDialog: actionUi.openDialog,
        showHelp: () => actionUi.setHelpOpen(true),
        showPalette: () => actionUi.setPaletteOpen(true),
        toggleOnCall: actionUi.toggleOnCall,
        go: showDestination,
        goToAttention,
        focus: (target) => void focusTarget(target),
        tell,
      };
    },
    [actions, lookup],
  );

  /** The targets narrowed to the incidents whose platform offers the action (told when some are left out); null when none is. */
  const offeredTargets = useCallback(
    (command: CommandId, targets: readonly string[]): string[] | null => {
      if (!isActionCommand(command) || targets.length === 0) return [...targets];
      const kind = command;
      const { incidents } = lookup(targets);
      const connections = queryClient.getQueryData<Snapshot>(snapshotKey)?.connections ?? [];
      const offer = platformOffer(kind, incidents, { ticketing: hasTicketing(connections) });
      const message = refusalMessage(commandLabel(command), offer);
      if (message) tell(message);
      if (offer.refused.length === 0) return [...targets];
      return offer.offered.length > 0 ? offer.offered.map((incident) => incident.id) : null;
    },
    [lookup, queryClient],
  );

  const runWith = useCallback(
    (command: CommandId, overrides: ContextOverrides) => {
      const built = context(overrides);
      const targets = offeredTargets(command, built.targets);
      if (targets === null) return true;
      return runCommand(command, { ...built, targets });
    },
    [context, offeredTargets],
  );

  const run = useCallback((command: CommandId, targets?: readonly string[]) => runWith(command, targets ? { targets } : {}), [runWith]);

  const currentTargets = useCallback((explicit?: readonly string[]) => {
    if (explicit) return [...explicit];
    const ui = useUiStore.getState();
    return actionTargets(ui.selectedIds, ui.cursor.id);
  }, []);

  const setPriority = useCallback(
    (priorityId: string | null, explicit?: readonly string[]) => {
      const targets = currentTargets(explicit);
      if (targets.length === 0) return tell(noTargetMessage());
      const offered = offeredTargets('setPriority', targets);
      if (offered === null) return;
      void actions.submit({ kind: 'setPriority', incidentIds: offered, priorityId });
    },
    [actions, currentTargets, offeredTargets],
  );

  const setUrgency = useCallback(
    (urgency: Urgency, explicit?: readonly string[]) => {
      const targets = currentTargets(explicit);
      if (targets.length === 0) return tell(noTargetMessage());
      const offered = offeredTargets('setUrgency', targets);
      if (offered === null) return;
      const { incidents } = lookup(offered);
      const changing = incidents.filter((incident) => incident.urgency !== urgency);
      if (changing.length === 0)
        return tell(`${numbers(incidents)} already ${incidents.length === 1 ? 'has' : 'have'} ${urgency} urgency.`);
      void actions.submit({ kind: 'setUrgency', incidentIds: changing.map((incident) => incident.id), urgency });
    },
    [actions, currentTargets, lookup, offeredTargets],
  );

  return useMemo(() => ({ context, run, runWith, setPriority, setUrgency }), [context, run, runWith, setPriority, setUrgency]);
}
