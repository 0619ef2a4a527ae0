/**
 * What the catalogue page shows, as pure functions: offerings grouped by owning team and
 * narrowed by a search and the kind and risk filters, and the words for an offering's
 * SLA, risk and approval ("any one of Database Administration", "all of Noah Schmidt and
 * Fatima Zahra").
 */
import type { ApprovalPolicy, Catalogue, CatalogueTeam, Offering, OfferingKind, RiskLevel } from '../../../../shared/domain/catalogue';
import { fitsService } from '../../../../shared/domain/catalogue-incident';

export interface CatalogueFilter {
  /** Free text: every word must appear in the title, description, keywords or team name. */
  query: string;
  kind: OfferingKind | null;
  risk: RiskLevel | null;
  /** Only offerings that fit incidents on this paging service (their appliesTo); null: all. */
  service: { id: string; name: string } | null;
}

export const NO_FILTER: CatalogueFilter = { query: '', kind: null, risk: null, service: null };

/** How many offerings fit incidents on the service. */
export function countFitting(catalogue: Catalogue, service: { id: string; name: string }): number {
  return catalogue.offerings.filter((offering) => fitsService(offering, service)).length;
}

export interface TeamGroup {
  team: CatalogueTeam;
  offerings: Offering[];
}

function searchText(offering: Offering, team: CatalogueTeam | undefined): string {
  return [offering.title, offering.description, ...offering.keywords, team?.name ?? '', offering.kind].join(' ').toLowerCase();
}

/**
 * The offerings that match the filter (and, raised from an incident, fit its service),
 * grouped by team in the catalogue's team order,
 * offerings by title; teams with no match are left out. A search ranks nothing: the
 * catalogue is small, and a stable order is easier to scan.
 */
export function groupOfferings(catalogue: Catalogue, filter: CatalogueFilter): TeamGroup[] {
  const words = filter.query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const teams = new Map(catalogue.teams.map((team) => [team.id, team]));
  const { service } = filter;
  const matches = (offering: Offering) =>
    (service === null || fitsService(offering, service)) &&
    (filter.kind === null || offering.kind === filter.kind) &&
    (filter.risk === null || offering.risk === filter.risk) &&
    (words.length === 0 || words.every((word) => searchText(offering, teams.get(offering.teamId)).includes(word)));
  return catalogue.teams
    .map((team) => ({
      team,
      offerings: catalogue.offerings
        .filter((offering) => offering.teamId === team.id && matches(offering))
        .sort((a, b) => a.title.localeCompare(b.title)),
    }))
    .filter((group) => group.offerings.length > 0);
}

const UNITS: readonly [ms: number, singular: string][] = [
  [7 * 24 * 3_600_000, 'week'],
  [24 * 3_600_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
];

/** "30 minutes", "4 hours", "1 day 12 hours", "2 weeks": the two largest units, rounded down to the minute. */
export function durationInWords(ms: number): string {
  let rest = Math.max(0, Math.floor(ms / 60_000) * 60_000);
  const parts: string[] = [];
  for (const [unitMs, unit] of UNITS) {
    if (parts.length === 2) break;
    const count = Math.floor(rest / unitMs);
    if (count === 0) {
      if (parts.length > 0) break; // "1 day 30 minutes" reads oddly: stop at the first gap.
      continue;
    }
    parts.push(`${count} ${unit}${count === 1 ? '' : 's'}`);
    rest -= count * unitMs;
  }
  return parts.length ? parts.join(' ') : 'less than a minute';
}

/** "Response within 4 hours, resolution within 3 days". */
export function describeSla(sla: Offering['sla']): string {
  return `Response within ${durationInWords(sla.responseMs)}, resolution within ${durationInWords(sla.resolutionMs)}`;
}

/** "noah.schmidt@example.com" -> "Noah Schmidt", for people the directory does not know. */
export function nameFromEmail(email: string): string {
  const local = email.split('@')[0] ?? email;
  const words = local.split(/[._-]+/).filter(Boolean);
  if (words.length === 0) return email;
  return words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(' ');
}

/** "A", "A and B", "A, B and C". */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * Who approves, in words: "No approval needed", "Any one of Database Administration",
 * "All of Noah Schmidt and Fatima Zahra" (names from `nameOf`, else from the email).
 */
export function describeApprovalPolicy(policy: ApprovalPolicy, nameOf: (email: string) => string | undefined = () => undefined): string {
  if (policy === 'none') return 'No approval needed';
  if ('anyOf' in policy) return `Any one of ${policy.anyOf.group}`;
  return `All of ${joinNames(policy.allOf.people.map((email) => nameOf(email) ?? nameFromEmail(email)))}`;
}

export const RISK_LABEL: Record<RiskLevel, string> = { low: 'Low risk', medium: 'Medium risk', high: 'High risk' };
export const RISK_COLOR: Record<RiskLevel, string> = { low: 'teal', medium: 'yellow', high: 'red' };
export const KIND_LABEL: Record<OfferingKind, string> = { expertise: 'Expertise', 'self-service': 'Self-service' };
