/**
 * The dialogs that ask for more before an action is sent (resolve, note, reassign,
 * escalate, priority, urgency, snooze, responders, merge, declare major), one at a time, each titled for
 * screen readers. Queue shortcuts are off while one is open; Esc cancels. When the
 * incidents' platform takes only part of the action (a note on a Splunk On-Call incident
 * goes to the ticket only), the dialog says so above its fields.
 */
import { Alert, Modal } from '@mantine/core';
import { useSnapshot } from '../../state/use-snapshot';
import { hasTicketing, platformOffer } from './platform-offer';
import { useActionUi, type DialogKind } from './action-store';
import { TextDialog } from './dialogs/text-dialog';
import { ReassignDialog } from './dialogs/reassign-dialog';
import { EscalateDialog } from './dialogs/escalate-dialog';
import { PriorityDialog, UrgencyDialog } from './dialogs/value-dialogs';
import { SnoozeDialog } from './dialogs/snooze-dialog';
import { RespondersDialog } from './dialogs/responders-dialog';
import { MergeDialog } from './dialogs/merge-dialog';
import { DeclareMajorDialog } from './dialogs/declare-major-dialog';
import type { DialogBodyProps } from './dialogs/dialog-props';

const TITLES: Record<DialogKind, [one: string, several: string]> = {
  resolve: ['Resolve incident', 'Resolve incidents'],
  addNote: ['Add note', 'Add note'],
  reassign: ['Reassign incident', 'Reassign incidents'],
  escalate: ['Escalate incident', 'Escalate incidents'],
  setPriority: ['Change priority', 'Change priority'],
  setUrgency: ['Change urgency', 'Change urgency'],
  snooze: ['Snooze incident', 'Snooze incidents'],
  addResponders: ['Add responders', 'Add responders'],
  declareMajor: ['Declare major incident', 'Declare major incidents'],
  merge: ['Merge incidents', 'Merge incidents'],
};

/** The dialog's title, as its accessible name. */
function dialogTitle(kind: DialogKind, count: number): string {
  return TITLES[kind][count === 1 ? 0 : 1];
}

function DialogBody({ kind, ...props }: DialogBodyProps & { kind: DialogKind }) {
  switch (kind) {
    case 'resolve':
    case 'addNote':
      return <TextDialog kind={kind} {...props} />;
    case 'reassign':
      return <ReassignDialog {...props} />;
    case 'escalate':
      return <EscalateDialog {...props} />;
    case 'setPriority':
      return <PriorityDialog {...props} />;
    case 'setUrgency':
      return <UrgencyDialog {...props} />;
    case 'snooze':
      return <SnoozeDialog {...props} />;
    case 'addResponders':
      return <RespondersDialog {...props} />;
    case 'merge':
      return <MergeDialog {...props} />;
    case 'declareMajor':
      return <DeclareMajorDialog {...props} />;
  }
}

/** Mounted once by the app. (The `incidents` prop of the first version is no longer needed.) */
export function ActionDialogs(_props: { incidents?: unknown }) {
  const dialog = useActionUi((state) => state.dialog);
  const closeDialog = useActionUi((state) => state.closeDialog);
  return (
    <Modal
      opened={dialog !== null}
      onClose={closeDialog}
      title={dialog ? dialogTitle(dialog.kind, dialog.incidentIds.length) : ''}
      size={dialog?.kind === 'reassign' || dialog?.kind === 'escalate' ? 'lg' : 'md'}
      returnFocus
      data-console-dialog="action"
      closeButtonProps={{ 'aria-label': 'Cancel and close' }}
    >
      {dialog && <PlatformNotice kind={dialog.kind} incidentIds={dialog.incidentIds} />}
      {dialog && (
        <DialogBody
          key={`${dialog.kind}:${dialog.incidentIds.join(',')}`}
          kind={dialog.kind}
          incidentIds={dialog.incidentIds}
          onDone={closeDialog}
        />
      )}
    </Modal>
  );
}

/** What the incidents' platform leaves out of this action, or nothing when it takes all of it. */
function PlatformNotice({ kind, incidentIds }: { kind: DialogKind; incidentIds: readonly string[] }) {
  const { data } = useSnapshot();
  const chosen = new Set(incidentIds);
  const incidents = (data?.incidents ?? []).filter((incident) => chosen.has(incident.id));
  const { partial } = platformOffer(kind, incidents, { ticketing: hasTicketing(data?.connections ?? []) });
  if (!partial) return null;
  return (
    <Alert color="blue" variant="light" mb="sm" p="xs" data-testid="platform-notice">
      {partial}.
    </Alert>
  );
}
