/**
 * Table API writes to the standard change catalog's proposals and to approval records:
 * POST and PATCH/PUT std_change_proposal (change-proposals.ts), and PATCH/PUT
 * sysapproval_approver/{sys_id}, an approver's decision with the product's effect on the
 * change or proposal it approves (ChangeManagement.decideApprovalRecord). The flows a
 * decision starts run once the answer is made, as for change_request writes.
 */
import type { ChangeManagement } from './change-workflow';
import { ChangeRefusal } from './change-model';
import { snErrors } from './errors';
import type { SnRecord } from './types';

/** The tables whose Table API writes (POST, PATCH, PUT; a DELETE is refused as on other tables) go through Change Management's rules here. */
export const APPROVAL_WRITE_TABLES: ReadonlySet<string> = new Set(['std_change_proposal', 'sysapproval_approver']);

interface ApprovalTableWrite {
  method: string;
  table: string;
  sysId: string | undefined;
  /** The request's JSON object. */
  body: Record<string, unknown>;
  userName: string;
  baseUrl: string;
  changes: ChangeManagement;
  render: (record: SnRecord) => unknown;
}

export function writeApprovalTable(write: ApprovalTableWrite): { status: number; body: unknown; headers?: Record<string, string> } {
  const { changes, sysId, userName } = write;
  try {
    if (write.table === 'std_change_proposal' && write.method === 'POST' && !sysId) {
      const created = changes.proposals.create(write.body, userName);
      return {
        status: 201,
        body: { result: write.render(created) },
        headers: { Location: `${write.baseUrl}/api/now/table/std_change_proposal/${created.sys_id}` },
      };
    }
    if ((write.method === 'PATCH' || write.method === 'PUT') && sysId) {
      const updated =
        write.table === 'std_change_proposal'
          ? changes.proposals.update(sysId, write.body, userName)
          : changes.decideApprovalRecord(sysId, write.body, userName);
      return { status: 200, body: { result: write.render(updated) } };
    }
    // Approval records are made by the flows, not by clients.
    if (write.method === 'POST' && !sysId) throw snErrors.aclRefused();
    throw snErrors.methodNotAllowed();
  } catch (error) {
    if (error instanceof ChangeRefusal) throw error.forTableApi();
    throw error;
  } finally {
    changes.settle();
  }
}
