/**
 * The console's block of deployment lines on a change it raises, whatever the change
 * system: "On-Call Console deployment" then "Version: 1.4.2", "Commit: abc123", "Pipeline
 * run: https://ci/7", "Incident: P123", "Template: t1", a line per value present. Written
 * in a change's description (or a standard change's work note) and read back by the
 * providers, so a change says what it deploys in words people read too.
 */
import type { ChangeDraft } from '../../engine/ports/change-system';

const DEPLOYMENT_MARKER = 'On-Call Console deployment';
const KEYS = { version: 'Version', commit: 'Commit', runUrl: 'Pipeline run', incident: 'Incident', template: 'Template' } as const;
type BlockKey = keyof typeof KEYS;
const LINE = /^(Version|Commit|Pipeline run|Incident|Template):[ \t]*(.*?)\s*$/;
const KEY_BY_LABEL = new Map<string, BlockKey>(Object.entries(KEYS).map(([key, label]) => [label, key as BlockKey]));

export interface DeploymentLines {
  version: string;
  commit: string;
  runUrl: string | null;
  incidentId?: string | null;
  templateId?: string | null;
}

/** The values read back from a block: the first of each key. */
export type DeploymentBlock = Partial<Record<BlockKey, string>>;

export function deploymentBlock(lines: DeploymentLines): string {
  const out = [DEPLOYMENT_MARKER, `${KEYS.version}: ${lines.version}`, `${KEYS.commit}: ${lines.commit}`];
  if (lines.runUrl) out.push(`${KEYS.runUrl}: ${lines.runUrl}`);
  if (lines.incidentId) out.push(`${KEYS.incident}: ${lines.incidentId}`);
  if (lines.templateId) out.push(`${KEYS.template}: ${lines.templateId}`);
  return out.join('\n');
}

/** A raised change's description: the draft's words, then the deployment block. */
export function describedDeployment(draft: ChangeDraft): string {
  const block = deploymentBlock({
    version: draft.deployment.version,
    commit: draft.deployment.commit,
    runUrl: draft.deployment.runUrl,
    incidentId: draft.incidentId ?? null,
    templateId: draft.type === 'standard' ? draft.templateId : null,
  });
  const words = draft.description.trim();
  return words ? `${words}\n\n${block}` : block;
}

/**
 * The lines under the first marker in `text` (blank lines between them skipped: rich text
 * turned plain puts them between paragraphs), or null when it has no marker.
 */
export function blockUnderMarker(text: string): DeploymentBlock | null {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const start = lines.findIndex((line) => line.trim() === DEPLOYMENT_MARKER);
  if (start === -1) return null;
  const block: DeploymentBlock = {};
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') continue;
    const match = LINE.exec(line.trim());
    if (!match) break;
    const key = KEY_BY_LABEL.get(match[1] ?? '');
    if (key && block[key] === undefined && match[2]) block[key] = match[2];
  }
  return block;
}

/** "Key: value" lines anywhere in `text` (the first of each), for a description written without the marker. */
export function looseLines(text: string): DeploymentBlock {
  const block: DeploymentBlock = {};
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    const match = LINE.exec(line.trim());
    const key = match ? KEY_BY_LABEL.get(match[1] ?? '') : undefined;
    if (key && match?.[2] && block[key] === undefined) block[key] = match[2];
  }
  return block;
}
