/**
 * Zod schemas of the Splunk On-Call public API's answers the provider reads, as the
 * published Swagger document describes them (../shared/specs/splunk-on-call-api-v1.swagger.yaml,
 * "L123" = its line), plus what live servers are known to send beyond it (the research note's
 * sources S8, the official Go client, and S9). The document marks nearly nothing required
 * ("all should be considered optional", L2950), so fields are optional here too, and a
 * null is read as absent; unknown fields are dropped. Only the fields the console uses are
 * declared.
 */
import { z } from 'zod';

const text = z.string().nullish();

/** `{name, slug}`: Team (L3855), EscalationPolicy (L3209), OnCall*Resource (L3502, L3579). */
const NamedSlug = z.object({ name: text, slug: text });

/** EscalationPolicyInfo (L3216–L3224): a policy and its team. */
const SocPolicyInfo = z.object({ policy: NamedSlug, team: NamedSlug.nullish() });
export type SocPolicyInfo = z.infer<typeof SocPolicyInfo>;

/** IncidentTransition (L3362–L3386). Live `name` values: ACKED, RESOLVED (S8, S9). */
const SocTransition = z.object({
  name: text,
  at: text,
  by: text,
  message: text,
  manually: z.boolean().nullish(),
  alertId: text,
  alertUrl: text,
});
export type SocTransition = z.infer<typeof SocTransition>;

/**
 * ActiveIncidentInfo (L2949–L2999). `incidentNumber` is a string ("4"), and `currentPhase`
 * is UNACKED/ACKED/RESOLVED live (S8, S9) or triggered/acknowledged/resolved as the
 * document words it (L2955): mapper.ts reads both.
 */
export const SocIncident = z.object({
  incidentNumber: z.union([z.string(), z.number().transform(String)]).nullish(),
  currentPhase: text,
  entityId: text,
  host: text,
  service: text,
  alertCount: z.number().nullish(),
  lastAlertId: text,
  /** ISO 8601 live, e.g. 2020-03-24T19:30:34Z (no `format` in the document). */
  lastAlertTime: text,
  startTime: text,
  pagedPolicies: z.array(SocPolicyInfo).nullish(),
  /** Team slugs (team-KXK4L1qPrbLWwa6w). */
  pagedTeams: z.array(z.string()).nullish(),
  /** Usernames. */
  pagedUsers: z.array(z.string()).nullish(),
  transitions: z.array(SocTransition).nullish(),
  // Not in the document; sent by live servers (S8 Incident, S9): the title, the alert's state and type, the routing key.
  entityDisplayName: text,
  entityState: text,
  entityType: text,
  routingKey: text,
  /** Not in the document; the reporting API's items carry it live (S8 reporting.go). */
  endTime: text,
});
export type SocIncident = z.infer<typeof SocIncident>;

/** ActiveIncidentList (L3000–L3008): GET /api-public/v1/incidents. */
export const SocIncidentList = z.object({ incidents: z.array(SocIncident).nullish() });

/**
 * GET /api-reporting/v2/incidents: ActiveIncidentList by the document (L2881), whose
 * description promises a `total` (L2830); live servers send total/offset/limit (S8).
 */
export const SocIncidentHistoryPage = SocIncidentList.extend({
  total: z.number().nullish(),
  offset: z.number().nullish(),
  limit: z.number().nullish(),
});

/** AckOrResolveResponse (L2919–L2938): one result per incident. */
export const SocAckOrResolveResponse = z.object({
  results: z
    .array(
      z.object({
        incidentNumber: z.union([z.string(), z.number().transform(String)]).nullish(),
        entityId: text,
        cmdAccepted: z.boolean().nullish(),
        message: text,
      }),
    )
    .nullish(),
});

/** RerouteStatusResponse (L3711–L3747); incidentNumber, success and targetStatus are required. */
export const SocRerouteResponse = z.object({
  statuses: z
    .array(
      z.object({
        incidentNumber: z.union([z.string(), z.number().transform(String)]),
        success: z.boolean(),
        message: text,
        targetStatus: z.array(z.object({ slug: z.string(), success: z.boolean(), message: text })),
      }),
    )
    .nullish(),
});

/**
 * GetAlertResponse (L3241–L3277): GET /api-public/v1/alerts/{uuid}, an alert as the REST
 * endpoint received it. "All fields should be considered optional"; `raw` is the body as
 * sent, a JSON string.
 */
export const SocAlert = z.object({
  entityId: text,
  entityDisplayName: text,
  messageType: text,
  monitoringTool: text,
  stateMessage: text,
  ackAuthor: text,
  ackMsg: text,
  /** Seconds since the epoch. */
  timestamp: z.number().nullish(),
  stateStartTime: z.number().nullish(),
  raw: text,
});
export type SocAlert = z.infer<typeof SocAlert>;

/** V1User (L4085–L4105): GET /api-public/v1/user/{user} (AddUserResponse, L3086) and the user list. */
export const SocUser = z.object({
  username: z.string().min(1),
  firstName: text,
  lastName: text,
  email: text,
});
export type SocUser = z.infer<typeof SocUser>;

/**
 * ListUserResponse (L3413–L3422): `users` is a flat list in the document, a list of lists
 * live (S8 user.go decodes `[][]User`); both read as one flat list.
 */
export const SocUserList = z.object({
  users: z
    .array(z.union([SocUser, z.array(SocUser)]))
    .nullish()
    .transform((users) => (users ?? []).flat()),
});

/** ListTeamResponse (L3409–L3412): a bare array of TeamDetail (L3882–L3903). */
export const SocTeamList = z.array(
  z.object({
    name: text,
    slug: z.string().min(1),
    isDefaultTeam: z.boolean().nullish(),
    memberCount: z.number().nullish(),
  }),
);
export type SocTeam = z.infer<typeof SocTeamList>[number];

/** ListTeamMembersResponse (L3397–L3408) of TeamMember (L3904–L3918). */
export const SocTeamMembers = z.object({
  members: z.array(z.object({ username: z.string().min(1), firstName: text, lastName: text })).nullish(),
});

/** EscalationPolicyInfoList (L3225–L3233): `policies` is required, each with its `policy`. */
export const SocPolicyList = z.object({ policies: z.array(SocPolicyInfo) });

/** ListRoutingKeysResponse (L3387–L3396) of RoutingKeyInfo (L3748–L3769). */
export const SocRoutingKeyList = z.object({
  routingKeys: z
    .array(
      z.object({
        routingKey: z.string().min(1),
        isDefault: z.boolean().nullish(),
        targets: z.array(z.object({ policyName: text, policySlug: text, _teamUrl: text })).nullish(),
      }),
    )
    .nullish(),
});
export type SocRoutingKey = NonNullable<z.infer<typeof SocRoutingKeyList>['routingKeys']>[number];

/** GET /api-public/v1/oncall/current (L619–L626): OnCallTeamsResource (L3586) of OnCallNowResource (L3540). */
export const SocOnCallNow = z.object({
  teamsOnCall: z
    .array(
      z.object({
        team: NamedSlug.nullish(),
        onCallNow: z
          .array(
            z.object({
              escalationPolicy: NamedSlug.nullish(),
              users: z.array(z.object({ onCallUser: z.object({ username: text }).nullish() })).nullish(),
            }),
          )
          .nullish(),
      }),
    )
    .nullish(),
});
export type SocOnCallNow = z.infer<typeof SocOnCallNow>;

/**
 * An error body. The document gives none a schema (L282–L298); the one rate-limit body on
 * record is {"message":"Too Many Requests"} (S11). `error` is read too, in case.
 */
export const SocErrorBody = z.union([z.object({ message: z.string() }), z.object({ error: z.string() })]);
