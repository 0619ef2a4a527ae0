/**
 * Who and what incidents can be routed to: users, teams, services (digital services,
 * COTS applications, foundational systems), escalation policies with their levels,
 * priorities, and who is on call right now.
 */
import { z } from 'zod';
import { Ref, Timestamp } from './incident';

export const ContactMethod = z.object({
  type: z.enum(['email', 'phone', 'sms', 'push']),
  label: z.string(),
  address: z.string(),
});
export type ContactMethod = z.infer<typeof ContactMethod>;

export const User = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  teamIds: z.array(z.string()),
  contactMethods: z.array(ContactMethod),
});
export type User = z.infer<typeof User>;

/** What kind of thing a service is, in the organisation's service management. */
export const ServiceKind = z.enum(['digital-service', 'cots-application', 'foundational-system', 'other']);
export type ServiceKind = z.infer<typeof ServiceKind>;

export const Service = z.object({
  id: z.string(),
  name: z.string(),
  kind: ServiceKind,
  teamIds: z.array(z.string()),
  escalationPolicyId: z.string().nullable(),
});
export type Service = z.infer<typeof Service>;

const EscalationLevel = z.object({
  /** 1-based, as PagerDuty numbers them. */
  level: z.number().int().positive(),
  /** Users and schedules the level notifies. */
  targets: z.array(Ref.extend({ type: z.enum(['user', 'schedule']) })),
});

export const EscalationPolicy = z.object({
  id: z.string(),
  name: z.string(),
  teamIds: z.array(z.string()),
  levels: z.array(EscalationLevel),
});
export type EscalationPolicy = z.infer<typeof EscalationPolicy>;

export const Priority = z.object({
  id: z.string(),
  /** P1 ... P5 */
  name: z.string(),
  /** Lower is more urgent. */
  order: z.number(),
});
export type Priority = z.infer<typeof Priority>;

export const Directory = z.object({
  users: z.array(User),
  teams: z.array(Ref),
  services: z.array(Service),
  escalationPolicies: z.array(EscalationPolicy),
  priorities: z.array(Priority),
});
export type Directory = z.infer<typeof Directory>;

/** One person on call for one level of one escalation policy. */
export const OnCall = z.object({
  user: Ref,
  escalationPolicy: Ref,
  level: z.number().int().positive(),
  schedule: Ref.nullable(),
  /** null when the user is on call permanently (a direct escalation target). */
  start: Timestamp.nullable(),
  end: Timestamp.nullable(),
});
export type OnCall = z.infer<typeof OnCall>;
