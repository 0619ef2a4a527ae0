/**
 * The ServiceNow simulator's own control routes, next to the shared faults and request-log
 * ones (no credentials, not recorded): `POST /_simulator/clock` sets (`{"now": ISO}`) or
 * advances (`{"advanceMs": n}`) the instance's clock, and `POST /_simulator/changes/decide`
 * (`{"change": sys_id or number, "user": user_name, "state": "approved"|"rejected",
 * "comments"}`) approves or rejects a change as that user, as a person would in the UI.
 * The clock itself lives here too: every record stamp, the Date header and the rate
 * limiter's windows read it.
 */
import { SnApiError } from './errors';
import type { ChangeManagement } from './change-workflow';
import type { ServiceNowState } from './state';

/** A clock that follows a base clock, shifted by an offset tests and the demo can set. */
export class SimulatorClock {
  private offsetMs = 0;

  constructor(private readonly base: () => number) {}

  now(): number {
    return this.base() + this.offsetMs;
  }

  set(ms: number): void {
    this.offsetMs = ms - this.base();
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface ControlDeps {
  clock: SimulatorClock;
  state: ServiceNowState;
  changes: ChangeManagement;
}

type ControlAnswer = { status: number; body: unknown } | null;

function field(json: unknown, name: string): unknown {
  return typeof json === 'object' && json !== null ? (json as Record<string, unknown>)[name] : undefined;
}

/** Answers `route` ("POST /_simulator/clock") when it is one of these, else null. */
export function simulatorControl(route: string, json: unknown, deps: ControlDeps): ControlAnswer {
  if (route === 'POST /_simulator/clock') {
    const now = field(json, 'now');
    const advance = field(json, 'advanceMs');
    if (typeof now === 'string' && !Number.isNaN(Date.parse(now))) deps.clock.set(Date.parse(now));
    else if (typeof advance === 'number' && Number.isFinite(advance)) deps.clock.advance(advance);
    else return { status: 400, body: { error: 'Send {"now": "2026-03-01T09:00:00Z"} or {"advanceMs": 3600000}' } };
    return { status: 200, body: { now: new Date(deps.clock.now()).toISOString() } };
  }
  if (route === 'POST /_simulator/changes/decide') {
    const [change, user, state, comments] = ['change', 'user', 'state', 'comments'].map((name) => field(json, name));
    if (typeof change !== 'string' || typeof user !== 'string' || typeof state !== 'string')
      return {
        status: 400,
        body: { error: 'Send {"change": "CHG0030001", "user": "grace.hopper", "state": "approved"} (comments to reject)' },
      };
    const record = deps.state.rows('change_request').find((row) => row.sys_id === change || row.number === change);
    if (!record) return { status: 404, body: { error: `No change request ${change}` } };
    try {
      const decided = deps.changes.decide(record.sys_id ?? '', user, state, typeof comments === 'string' ? comments : '');
      return { status: 200, body: { number: decided.number, state: decided.state, approval: decided.approval } };
    } catch (error) {
      if (error instanceof SnApiError) return { status: error.status, body: error.body };
      throw error;
    }
  }
  return null;
}
