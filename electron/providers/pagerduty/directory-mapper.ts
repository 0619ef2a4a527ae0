/**
 * Maps PagerDuty's directory records (users with contact methods, teams, services,
 * escalation policies, priorities, on-calls) and incident responders into the console's
 * domain (shared/domain/directory). Pure functions, no I/O.
 *
 * Service kind convention. PagerDuty has no field for what kind of thing a service is,
 * so the console reads it from the start of the service's description, which any
 * organisation can set in the PagerDuty web app:
 *
 *   "[COTS] ..."          or "COTS application: ..."    -> cots-application
 *   "[Foundational] ..."  or "Foundational system: ..." -> foundational-system
 *   "[Digital] ..."       or "Digital service: ..."     -> digital-service
 *   "[Other] ..."                                        -> other
 *   anything else (or no description)                    -> digital-service
 *
 * Matching ignores case and leading spaces. The demo organisation writes the long form.
 */
import type { ContactMethod, EscalationPolicy, OnCall, Priority, Service, ServiceKind, User } from '../../../shared/domain/directory';
import type { Ref, Responder } from '../../../shared/domain/incident';
import { toRef } from './mapper';
import type { PdContactMethod, PdDirectoryUser, PdEscalationPolicy, PdIncidentResponder, PdOnCall, PdPriority, PdService } from './schemas';

const KIND_BY_TAG: Record<string, ServiceKind> = {
  cots: 'cots-application',
  foundational: 'foundational-system',
  digital: 'digital-service',
  other: 'other',
};
const KIND_BY_LABEL: Record<string, ServiceKind> = {
  'cots application': 'cots-application',
  'foundational system': 'foundational-system',
  'digital service': 'digital-service',
};

/** The service's kind by the description convention above. */
export function serviceKindOf(description: string | null | undefined): ServiceKind {
  const text = (description ?? '').trimStart().toLowerCase();
  const tag = /^\[\s*(cots|foundational|digital|other)\s*\]/.exec(text)?.[1];
  if (tag) return KIND_BY_TAG[tag] ?? 'digital-service';
  const label = /^(cots application|foundational system|digital service)\s*:/.exec(text)?.[1];
  if (label) return KIND_BY_LABEL[label] ?? 'digital-service';
  return 'digital-service';
}

export function toService(pd: PdService): Service {
  return {
    id: pd.id,
    name: pd.name,
    kind: serviceKindOf(pd.description),
    teamIds: (pd.teams ?? []).map((team) => team.id),
    escalationPolicyId: pd.escalation_policy?.id ?? null,
  };
}

const CONTACT_TYPES: Record<string, ContactMethod['type']> = {
  email_contact_method: 'email',
  phone_contact_method: 'phone',
  sms_contact_method: 'sms',
  push_notification_contact_method: 'push',
};

/** A contact method, or null for a reference without details or a type the console does not show. */
function toContactMethod(pd: PdContactMethod): ContactMethod | null {
  const type = CONTACT_TYPES[pd.type];
  if (!type || pd.address == null || pd.address === '') return null;
  const address = (type === 'phone' || type === 'sms') && pd.country_code != null ? `+${pd.country_code} ${pd.address}` : pd.address;
  return { type, label: pd.label ?? pd.summary ?? type, address };
}

export function toUser(pd: PdDirectoryUser): User {
  return {
    id: pd.id,
    name: pd.name,
    email: pd.email,
    teamIds: (pd.teams ?? []).map((team) => team.id),
    contactMethods: (pd.contact_methods ?? []).map(toContactMethod).filter((method): method is ContactMethod => method !== null),
  };
}

export function toEscalationPolicy(pd: PdEscalationPolicy): EscalationPolicy {
  return {
    id: pd.id,
    name: pd.name ?? pd.summary ?? pd.id,
    teamIds: (pd.teams ?? []).map((team) => team.id),
    levels: pd.escalation_rules.map((rule, index) => ({
      level: index + 1,
      targets: rule.targets
        .filter((target) => target.type?.startsWith('user') || target.type?.startsWith('schedule'))
        .map((target) => ({ ...toRef(target), type: target.type?.startsWith('user') ? ('user' as const) : ('schedule' as const) })),
    })),
  };
}

/** Priorities in the order PagerDuty lists them (most urgent first), numbered from 1. */
export function toPriorities(pd: PdPriority[]): Priority[] {
  return pd.map((priority, index) => ({ id: priority.id, name: priority.name ?? priority.summary ?? priority.id, order: index + 1 }));
}

export function toOnCall(pd: PdOnCall): OnCall {
  return {
    user: toRef(pd.user),
    escalationPolicy: toRef(pd.escalation_policy),
    level: Math.max(1, pd.escalation_level),
    schedule: pd.schedule ? toRef(pd.schedule) : null,
    start: pd.start ?? null,
    end: pd.end ?? null,
  };
}

export function toResponder(pd: PdIncidentResponder): Responder {
  return {
    user: toRef(pd.user),
    state: pd.state ?? 'pending',
    requestedAt: pd.requested_at ?? null,
    requester: pd.requester ? toRef(pd.requester) : null,
    message: pd.message ?? null,
  };
}

/** Teams as references (a full team carries `name`, a reference only `summary`). */
export function toTeamRef(pd: { id: string; name?: string | null; summary?: string | null }): Ref {
  return { id: pd.id, name: pd.name ?? pd.summary ?? pd.id };
}
