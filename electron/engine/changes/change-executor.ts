/**
 * Carries out the outbox's change actions against the change system: a change manager's
 * decision, a template proposal and its decision, a change closed after its deployment.
 * Each is safe to replay after a crash or an unclear failure: it first reads whether the
 * write already landed (the approval already decided, the proposal already there, the
 * change already closed) and does nothing more when it has.
 */
import type { ActionRequest } from '../../../shared/domain/action';
import type { ChangeTemplate } from '../../../shared/domain/change';
import { approvalsOf } from '../../../shared/rules/change-approvals';
import { ProviderError } from '../ports';
import type { ChangeSystem } from '../ports/change-system';

type ChangeAction = Extract<ActionRequest, { kind: 'decideChange' | 'proposeChangeTemplate' | 'decideChangeTemplate' | 'closeChange' }>;

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The same proposal: the service and name, case aside (a replay must not propose it twice). */
export function sameProposal(
  template: Pick<ChangeTemplate, 'service' | 'name'>,
  proposal: { service: { name: string }; name: string },
): boolean {
  return same(template.service.name, proposal.service.name) && same(template.name, proposal.name);
}

/** Executes one change action; `mayHaveLanded` when an earlier attempt may have reached the change system. */
export async function executeChangeAction(request: ChangeAction, changeSystem: ChangeSystem, mayHaveLanded: boolean): Promise<void> {
  switch (request.kind) {
    case 'decideChange': {
      if (mayHaveLanded) {
        const change = await changeSystem.getChange(request.changeId);
        const mine = approvalsOf(change, request.approver);
        if (mine.length > 0 && mine.every((approval) => approval.state === request.decision)) return;
      }
      await changeSystem.decideChange(request.changeId, request.decision, request.comment, request.approver);
      return;
    }
    case 'proposeChangeTemplate': {
      if (mayHaveLanded && (await changeSystem.listTemplates()).some((template) => sameProposal(template, request.template))) return;
      await changeSystem.proposeTemplate(request.template);
      return;
    }
    case 'decideChangeTemplate': {
      if (mayHaveLanded) {
        const template = (await changeSystem.listTemplates()).find((candidate) => candidate.id === request.templateId);
        if (template && template.state !== 'proposed') return;
      }
      await changeSystem.decideTemplate(request.templateId, request.decision, request.comment, request.approver);
      return;
    }
    case 'closeChange': {
      const change = await changeSystem.getChange(request.changeId);
      if (change.state === 'closed') return;
      if (change.state === 'canceled')
        throw new ProviderError('rejected', `${request.changeNumber} was canceled in ${changeSystem.label}: there is nothing to close`);
      await changeSystem.closeChange(request.changeId, { code: request.code, notes: request.notes });
      return;
    }
  }
}
