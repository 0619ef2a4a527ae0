/**
 * Realistic alert content for demo incidents: titles per kind of service, a severity mix
 * that makes about 30% of incidents high urgency, tenants, and custom details with
 * https dashboard and runbook links, shaped as an Events API v2 trigger would carry them.
 */
import type { Random } from './random';
import type { AlertContext, ServiceRecord, Severity } from './types';

export interface DemoAlert {
  summary: string;
  severity: Severity;
  source: string;
  component: string;
  group: string;
  eventClass: string;
  details: Record<string, unknown>;
  contexts: AlertContext[];
  client: string;
  clientUrl: string;
}

export const DEMO_TENANTS = ['acme-corp', 'globex', 'initech', 'umbrella', 'stark-industries', 'wayne-enterprises', 'hooli', 'tyrell'] as const;

const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2', 'ap-southeast-1'];
const ENDPOINTS = ['/v1/payments', '/v1/refunds', '/v2/checkout', '/v1/sessions', '/v1/search', '/v1/cart', '/v1/tokens'];

type Template = (r: Random, service: ServiceRecord, host: string) => { summary: string; eventClass: string; metric: string; value: string; threshold: string };

const DIGITAL: Template[] = [
  (r, s) => {
    const pct = r.int(3, 40);
    return { summary: `High error rate on ${s.name}: ${pct}% of requests return 5xx`, eventClass: 'error_rate', metric: 'http_5xx_ratio', value: `${pct}%`, threshold: '2%' };
  },
  (r, s) => {
    const ms = r.int(900, 6000);
    return { summary: `p99 latency ${ms} ms on ${s.name} ${r.pick(ENDPOINTS)}`, eventClass: 'latency', metric: 'http_p99_latency_ms', value: String(ms), threshold: '800' };
  },
  (r, s) => {
    const count = r.int(3, 12);
    return { summary: `${s.name}: ${count} pods in CrashLoopBackOff`, eventClass: 'availability', metric: 'kube_pod_restarts', value: String(count), threshold: '0' };
  },
  (r, s) => {
    const pct = r.int(15, 70);
    return { summary: `Synthetic check failing for ${s.name} in ${r.pick(REGIONS)} (${pct}% of probes)`, eventClass: 'synthetics', metric: 'probe_failure_ratio', value: `${pct}%`, threshold: '10%' };
  },
  (r, s) => {
    const lag = r.int(2000, 90000);
    return { summary: `Queue backlog on ${s.name}: ${lag} messages waiting`, eventClass: 'saturation', metric: 'queue_depth', value: String(lag), threshold: '1000' };
  },
  (r, s) => {
    const days = r.int(2, 13);
    return { summary: `TLS certificate for ${s.name} expires in ${days} days`, eventClass: 'certificate', metric: 'cert_days_remaining', value: String(days), threshold: '14' };
  },
];

const COTS: Template[] = [
  (r, s) => {
    const count = r.int(500, 20000);
    return { summary: `${s.name}: interface backlog of ${count} messages`, eventClass: 'integration', metric: 'idoc_backlog', value: String(count), threshold: '500' };
  },
  (r, s) => {
    const pct = r.int(85, 99);
    return { summary: `${s.name} API quota at ${pct}% for the day`, eventClass: 'quota', metric: 'api_quota_used', value: `${pct}%`, threshold: '85%' };
  },
  (r, s, host) => ({ summary: `${s.name}: integration node ${host} is down`, eventClass: 'availability', metric: 'node_up', value: '0', threshold: '1' }),
  (r, s) => {
    const minutes = r.int(20, 240);
    return { summary: `${s.name} nightly batch job overran by ${minutes} minutes`, eventClass: 'batch', metric: 'job_overrun_minutes', value: String(minutes), threshold: '15' };
  },
  (r, s) => {
    const count = r.int(10, 400);
    return { summary: `${s.name}: ${count} failed user logins via SSO in 5 minutes`, eventClass: 'authentication', metric: 'sso_failures', value: String(count), threshold: '10' };
  },
];

const FOUNDATIONAL: Template[] = [
  (r, s, host) => ({ summary: `${s.name}: interface ${host} Ethernet1/${r.int(1, 48)} down`, eventClass: 'link', metric: 'if_oper_status', value: 'down', threshold: 'up' }),
  (r, s) => {
    const pct = r.int(88, 99);
    return { summary: `${s.name}: tablespace ${r.pick(['USERS', 'ORDERS', 'LEDGER', 'AUDIT'])} ${pct}% full`, eventClass: 'capacity', metric: 'tablespace_used', value: `${pct}%`, threshold: '85%' };
  },
  (r, s) => {
    const seconds = r.int(60, 1800);
    return { summary: `${s.name}: replication lag ${seconds}s on standby`, eventClass: 'replication', metric: 'replication_lag_seconds', value: String(seconds), threshold: '30' };
  },
  (r, s, host) => ({ summary: `${s.name}: node ${host} NotReady`, eventClass: 'availability', metric: 'node_ready', value: '0', threshold: '1' }),
  (r, s) => {
    const pct = r.int(90, 100);
    return { summary: `${s.name}: disk ${pct}% full on ${r.pick(['/var', '/data', '/u01', '/backup'])}`, eventClass: 'capacity', metric: 'disk_used', value: `${pct}%`, threshold: '90%' };
  },
  (r, s) => {
    const count = r.int(2, 9);
    return { summary: `${s.name}: ${count} domain controllers fail replication`, eventClass: 'replication', metric: 'dc_replication_failures', value: String(count), threshold: '0' };
  },
];

const TEMPLATES = { digital: DIGITAL, cots: COTS, foundational: FOUNDATIONAL } as const;

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** One demo alert for a service: ~15% critical, ~15% error, ~40% warning, ~30% info. */
export function demoAlert(random: Random, service: ServiceRecord): DemoAlert {
  const severity = random.weighted<Severity>([
    ['critical', 15],
    ['error', 15],
    ['warning', 40],
    ['info', 30],
  ]);
  const region = random.pick(REGIONS);
  const host = `${slug(service.name).slice(0, 12)}-${region.split('-')[0]}-${random.int(1, 24).toString().padStart(2, '0')}`;
  const template = random.pick(TEMPLATES[service.kind]);
  const made = template(random, service, host);
  const tenant = service.kind === 'digital' || random.chance(0.4) ? random.pick(DEMO_TENANTS) : null;
  const dashboardUrl = `https://grafana.example.com/d/${slug(service.name)}/${made.eventClass}?var-region=${region}`;
  const runbookUrl = `https://runbooks.example.com/${slug(service.name)}/${made.eventClass}`;
  const details: Record<string, unknown> = {
    ...(tenant ? { tenant } : {}),
    environment: 'production',
    region,
    host,
    metric: made.metric,
    value: made.value,
    threshold: made.threshold,
    dashboard_url: dashboardUrl,
    runbook_url: runbookUrl,
  };
  return {
    summary: tenant && service.kind === 'digital' && random.chance(0.5) ? `[${tenant}] ${made.summary}` : made.summary,
    severity,
    source: host,
    component: slug(service.name),
    group: region,
    eventClass: made.eventClass,
    details,
    contexts: [
      { type: 'link', href: dashboardUrl, text: 'Dashboard' },
      { type: 'link', href: runbookUrl, text: 'Runbook' },
    ],
    client: service.kind === 'foundational' ? 'Zabbix' : 'Prometheus Alertmanager',
    clientUrl: service.kind === 'foundational' ? 'https://zabbix.example.com' : 'https://alertmanager.example.com',
  };
}
