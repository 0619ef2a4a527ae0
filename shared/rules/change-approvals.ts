/**
 * Whose approval a change waits for, one rule for the engine (which refuses a decision
 * that is not yours, and notifies you of one that is) and the page (the change manager's
 * approval queue): an approver is a person by email when the change system gives it,
 * else by name, case and spaces aside.
 */
import type { ChangeRequest } from '../domain/change';

/** A change, or a template proposal: whatever carries approvals. */
type Approvable = { approvals?: ChangeRequest['approvals'] };

export interface ChangePerson {
  email: string;
  name: string;
}

const same = (a: string | undefined, b: string) => a !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();

/** The person's part in a change's approvals (usually one row). */
export function approvalsOf(change: Approvable, person: ChangePerson): ChangeRequest['approvals'] {
  return (change.approvals ?? []).filter(
    (approval) => same(approval.approver.email, person.email) || same(approval.approver.name, person.name),
  );
}

/** True when the change waits for this person's approval. */
export function waitsFor(change: Approvable, person: ChangePerson | null): boolean {
  return person !== null && approvalsOf(change, person).some((approval) => approval.state === 'requested');
}

/** Who the change still waits for, by name. */
export function pendingApprovers(change: ChangeRequest): string[] {
  return change.approvals.filter((approval) => approval.state === 'requested').map((approval) => approval.approver.name);
}
