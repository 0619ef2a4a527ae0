/**
 * Realistic alert content for demo incidents, shaped as an Events API v2 trigger would
 * carry it: templates per kind of service (a payments API alerts on card authorisation
 * errors, a database on replication lag, a network on BGP sessions), a severity mix per
 * template, tenants for multi-tenant services, and custom details with https dashboard
 * and runbook links whose paths name the service and the alert.
 */
import { demoServiceSpec, type AlertProfileId, type DemoServiceSpec, type RegionCode } from './demo-org';
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
  /** The template the alert came from (also the last segment of its runbook path). */
  templateKey: string;
}

/** Customer tenants of the multi-tenant digital services, with how often each shows up. */
export const DEMO_TENANTS = [
  'northwind-traders',
  'contoso-retail',
  'fabrikam-fashion',
  'tailspin-toys',
  'adventure-works',
  'wingtip-outdoors',
] as const;
const TENANT_WEIGHTS: readonly (readonly [string, number])[] = DEMO_TENANTS.map((tenant, index) => [
  tenant,
  [30, 22, 16, 13, 11, 8][index] ?? 5,
]);

interface RegionInfo {
  code: RegionCode;
  /** Cloud region (digital services) or data-centre region (on-premises systems). */
  region: string;
  /** Short site code used in host names. */
  site: string;
  /** Kubernetes cluster name. */
  cluster: string;
}

const REGIONS: Record<RegionCode, RegionInfo[]> = {
  EU: [
    { code: 'EU', region: 'eu-west-1', site: 'fra', cluster: 'prod-eu-1' },
    { code: 'EU', region: 'eu-central-1', site: 'ams', cluster: 'prod-eu-2' },
  ],
  US: [{ code: 'US', region: 'us-east-1', site: 'iad', cluster: 'prod-us-1' }],
  APAC: [{ code: 'APAC', region: 'ap-southeast-1', site: 'sin', cluster: 'prod-apac-1' }],
};
const REGION_WEIGHTS: readonly (readonly [RegionCode, number])[] = [
  ['EU', 55],
  ['US', 33],
  ['APAC', 12],
];

/** [critical, error, warning, info] weights. */
type SeverityMix = readonly [number, number, number, number];
const SEVERITIES: readonly Severity[] = ['critical', 'error', 'warning', 'info'];
/**
 * Most monitors fire warnings far more often than pages: this scales every template's mix
 * so that about 30% of alerts are critical or error (high urgency on severity-based services).
 */
const SEVERITY_BIAS: SeverityMix = [0.55, 0.6, 1.3, 1.5];

interface Ctx {
  r: Random;
  service: ServiceRecord;
  spec: DemoServiceSpec;
  severity: Severity;
  place: RegionInfo;
  /** The host, pod or node the alert is about (also the alert's source). */
  target: string;
}

interface Made {
  /** The title after "Service name: ". */
  title: string;
  metric: string;
  value: string;
  threshold: string;
  details?: Record<string, unknown>;
}

type TargetKind = 'pod' | 'host' | 'node';

interface AlertTemplate {
  key: string;
  eventClass: string;
  component: string;
  weight: number;
  mix: SeverityMix;
  /** On a multi-tenant service, the alert is about one tenant. */
  perTenant?: boolean;
  target: TargetKind;
  client?: MonitoringClient;
  make(ctx: Ctx): Made;
}

type MonitoringClient = 'alertmanager' | 'sentry' | 'grafana' | 'zabbix' | 'solman' | 'datadog' | 'oem' | 'scom';
const CLIENTS: Record<MonitoringClient, [string, string]> = {
  alertmanager: ['Prometheus Alertmanager', 'https://alertmanager.example.com'],
  sentry: ['Sentry', 'https://sentry.example.com'],
  grafana: ['Grafana', 'https://grafana.example.com'],
  zabbix: ['Zabbix', 'https://zabbix.example.com'],
  solman: ['SAP Solution Manager', 'https://solman.example.com'],
  datadog: ['Datadog', 'https://datadog.example.com'],
  oem: ['Oracle Enterprise Manager', 'https://oem.example.com'],
  scom: ['System Center Operations Manager', 'https://scom.example.com'],
};

// ---- small helpers ------------------------------------------------------------

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** 12345 -> "12,345" (locale-independent, so output is the same everywhere). */
function grouped(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function oneDecimal(value: number): string {
  return (Math.round(value * 10) / 10).toFixed(1).replace(/\.0$/, '');
}

/**
 * A value in the band of its severity: edges are [info, warning, error, critical, max]
 * lower bounds, so a critical alert always reads worse than a warning one.
 */
function band(ctx: Ctx, edges: readonly [number, number, number, number, number]): number {
  const index = { info: 0, warning: 1, error: 2, critical: 3 }[ctx.severity];
  const low = edges[index] ?? edges[0];
  const high = edges[index + 1] ?? low;
  return low + ctx.r.next() * (high - low);
}

function bandInt(ctx: Ctx, edges: readonly [number, number, number, number, number]): number {
  return Math.max(1, Math.floor(band(ctx, edges)));
}

function podName(r: Random, deployment: string): string {
  return `${deployment}-${r.hex(9)}-${r.string(5, 'bcdfghjklmnpqrstvwxz2456789')}`;
}

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

// ---- templates shared by many digital services ------------------------------------

const crashLoop: AlertTemplate = {
  key: 'pods-crashloopbackoff',
  eventClass: 'availability',
  component: 'kubernetes',
  weight: 2,
  mix: [10, 40, 50, 0],
  target: 'pod',
  make: (ctx) => {
    const pods = bandInt(ctx, [1, 1, 2, 4, 9]);
    const reason = ctx.r.pick(['OOMKilled', 'Error', 'CreateContainerConfigError']);
    return {
      title: `${pods} pod${pods === 1 ? '' : 's'} in CrashLoopBackOff (${reason})`,
      metric: 'kube_pod_container_status_waiting_reason',
      value: String(pods),
      threshold: '0',
      details: { reason, cluster: ctx.place.cluster, namespace: slug(ctx.service.name) },
    };
  },
};

function errorRate(key: string, what: string, component: string, mix: SeverityMix, threshold = 2): AlertTemplate {
  return {
    key,
    eventClass: 'error rate',
    component,
    weight: 3,
    mix,
    perTenant: true,
    target: 'pod',
    make: (ctx) => {
      const value = band(ctx, [threshold, threshold * 1.2, threshold * 2, threshold * 4, threshold * 15]);
      return {
        title: `${what} ${oneDecimal(value)}% (threshold ${threshold}%)`,
        metric: `${slug(what).replace(/-/g, '_')}_ratio`,
        value: `${oneDecimal(value)}%`,
        threshold: `${threshold}%`,
      };
    },
  };
}

function p99Latency(key: string, endpointOf: (ctx: Ctx) => string, slo: number, component: string): AlertTemplate {
  return {
    key,
    eventClass: 'latency',
    component,
    weight: 3,
    mix: [8, 27, 50, 15],
    target: 'pod',
    make: (ctx) => {
      const ms = band(ctx, [slo, slo * 1.3, slo * 2, slo * 3, slo * 8]);
      return {
        title: `p99 latency ${grouped(ms)} ms on ${endpointOf(ctx)} (SLO ${grouped(slo)} ms)`,
        metric: 'http_request_duration_seconds_p99',
        value: `${grouped(ms)} ms`,
        threshold: `${grouped(slo)} ms`,
        details: { endpoint: endpointOf(ctx) },
      };
    },
  };
}

function http5xx(key: string, endpointOf: (ctx: Ctx) => string, component: string): AlertTemplate {
  return {
    key,
    eventClass: 'error rate',
    component,
    weight: 3,
    mix: [15, 40, 45, 0],
    perTenant: true,
    target: 'pod',
    make: (ctx) => {
      const pct = band(ctx, [1, 1, 2.5, 6, 35]);
      return {
        title: `5xx on ${endpointOf(ctx)} at ${oneDecimal(pct)}% of requests (threshold 1%)`,
        metric: 'http_requests_5xx_ratio',
        value: `${oneDecimal(pct)}%`,
        threshold: '1%',
        details: { endpoint: endpointOf(ctx) },
      };
    },
  };
}

const sloBurn: AlertTemplate = {
  key: 'slo-burn-rate',
  eventClass: 'slo',
  component: 'slo',
  weight: 2,
  mix: [25, 35, 40, 0],
  target: 'pod',
  client: 'grafana',
  make: (ctx) => {
    const rate = band(ctx, [2, 3, 6, 14.4, 40]);
    const window = ctx.severity === 'critical' ? '1h' : '6h';
    return {
      title: `availability SLO burn rate ${oneDecimal(rate)}x over ${window} (objective 99.9%)`,
      metric: 'slo_error_budget_burn_rate',
      value: `${oneDecimal(rate)}x`,
      threshold: ctx.severity === 'critical' ? '14.4x' : '6x',
      details: { window, objective: '99.9%' },
    };
  },
};

function queueBacklog(key: string, queueOf: (ctx: Ctx) => string, threshold: number, component: string): AlertTemplate {
  return {
    key,
    eventClass: 'saturation',
    component,
    weight: 3,
    mix: [5, 25, 50, 20],
    target: 'pod',
    make: (ctx) => {
      const depth = band(ctx, [threshold, threshold * 1.5, threshold * 4, threshold * 10, threshold * 30]);
      const oldest = Math.max(2, Math.round((depth / threshold) * ctx.r.int(3, 6)));
      return {
        title: `${queueOf(ctx)} backlog ${grouped(depth)} messages, oldest ${oldest} min (threshold ${grouped(threshold)})`,
        metric: 'queue_messages_ready',
        value: grouped(depth),
        threshold: grouped(threshold),
        details: { queue: queueOf(ctx), oldest_message_minutes: oldest },
      };
    },
  };
}

const endpoint = (ctx: Ctx): string => ctx.spec.endpoint ?? `GET /v1/${slug(ctx.service.name)}`;
const queue = (ctx: Ctx): string => ctx.spec.queue ?? `${slug(ctx.service.name)}-jobs`;
const upstream = (ctx: Ctx): string => ctx.spec.upstream ?? 'the upstream API';

const memoryLimit: AlertTemplate = {
  key: 'memory-near-limit',
  eventClass: 'saturation',
  component: 'kubernetes',
  weight: 1,
  mix: [0, 15, 60, 25],
  target: 'pod',
  make: (ctx) => {
    const pct = band(ctx, [85, 88, 93, 97, 99.9]);
    return {
      title: `container memory at ${oneDecimal(pct)}% of limit`,
      metric: 'container_memory_working_set_ratio',
      value: `${oneDecimal(pct)}%`,
      threshold: '85%',
      details: { limit: ctx.r.pick(['512Mi', '1Gi', '2Gi']) },
    };
  },
};

const syntheticCheck: AlertTemplate = {
  key: 'synthetic-check-failing',
  eventClass: 'synthetics',
  component: 'synthetics',
  weight: 2,
  mix: [20, 40, 40, 0],
  target: 'host',
  client: 'datadog',
  make: (ctx) => {
    const pct = band(ctx, [10, 10, 25, 50, 100]);
    return {
      title: `synthetic check failing from ${ctx.place.region} (${Math.round(pct)}% of probes)`,
      metric: 'synthetics_probe_failure_ratio',
      value: `${Math.round(pct)}%`,
      threshold: '10%',
    };
  },
};

// ---- per-profile templates ------------------------------------------------------

const TEMPLATES: Record<AlertProfileId, readonly AlertTemplate[]> = {
  'payments-api': [
    { ...errorRate('card-authorisation-error-rate', 'card authorisation error rate', 'card-authoriser', [20, 40, 40, 0]), weight: 4 },
    p99Latency('charges-p99-latency', () => 'POST /v1/charges', 800, 'charges-api'),
    http5xx('charges-5xx', () => 'POST /v1/charges', 'charges-api'),
    queueBacklog('settlement-queue-backlog', () => 'settlement-events', 5000, 'settlement-worker'),
    crashLoop,
    { ...sloBurn, weight: 2 },
  ],
  'payment-webhooks': [
    { ...errorRate('webhook-delivery-failures', 'webhook delivery failure rate', 'webhook-dispatcher', [5, 35, 50, 10], 5), weight: 4 },
    queueBacklog('webhook-delivery-backlog', () => 'webhook-deliveries', 10000, 'webhook-dispatcher'),
    crashLoop,
  ],
  'checkout-web': [
    {
      key: 'javascript-error-spike',
      eventClass: 'client errors',
      component: 'checkout-frontend',
      weight: 3,
      mix: [10, 35, 45, 10],
      perTenant: true,
      target: 'host',
      client: 'sentry',
      make: (ctx) => {
        const perMinute = band(ctx, [120, 200, 500, 1500, 6000]);
        const error = ctx.r.pick([
          "TypeError: Cannot read properties of undefined (reading 'total')",
          'ChunkLoadError: Loading chunk 812 failed',
          'Error: Payment SDK failed to initialise',
        ]);
        return {
          title: `JavaScript error spike in checkout.js: ${grouped(perMinute)} errors/min (baseline 40)`,
          metric: 'js_errors_per_minute',
          value: grouped(perMinute),
          threshold: '120',
          details: {
            error,
            release: `checkout-web@2026.${ctx.r.int(10, 30)}.${ctx.r.int(0, 9)}`,
            browser: ctx.r.pick(['Safari 19', 'Chrome 141', 'Firefox 143']),
          },
        };
      },
    },
    {
      key: 'conversion-drop',
      eventClass: 'business kpi',
      component: 'checkout-funnel',
      weight: 3,
      mix: [20, 35, 45, 0],
      perTenant: true,
      target: 'host',
      client: 'grafana',
      make: (ctx) => {
        const drop = band(ctx, [15, 15, 25, 40, 80]);
        return {
          title: `checkout conversion down ${Math.round(drop)}% vs the same hour last week`,
          metric: 'checkout_conversion_rate_change',
          value: `-${Math.round(drop)}%`,
          threshold: '-15%',
        };
      },
    },
    http5xx('checkout-submit-5xx', () => 'POST /checkout/submit', 'checkout-bff'),
    {
      key: 'page-load-lcp',
      eventClass: 'latency',
      component: 'checkout-frontend',
      weight: 2,
      mix: [0, 10, 60, 30],
      target: 'host',
      client: 'datadog',
      make: (ctx) => {
        const seconds = band(ctx, [2.5, 3, 4, 6, 12]);
        return {
          title: `p75 page load (LCP) ${oneDecimal(seconds)} s on /checkout (budget 2.5 s)`,
          metric: 'rum_lcp_p75_seconds',
          value: `${oneDecimal(seconds)} s`,
          threshold: '2.5 s',
        };
      },
    },
  ],
  identity: [
    { ...errorRate('login-failures', 'login failure rate', 'login', [20, 35, 45, 0], 5), weight: 4 },
    p99Latency('token-service-latency', () => 'POST /oauth/token', 300, 'token-service'),
    {
      key: 'sms-otp-delivery',
      eventClass: 'delivery',
      component: 'mfa',
      weight: 2,
      mix: [5, 35, 50, 10],
      target: 'pod',
      make: (ctx) => {
        const pct = band(ctx, [3, 5, 10, 25, 70]);
        const provider = ctx.r.pick(['Twilio', 'Vonage']);
        return {
          title: `SMS one-time passcodes failing ${oneDecimal(pct)}% via ${provider} (threshold 5%)`,
          metric: 'otp_sms_failure_ratio',
          value: `${oneDecimal(pct)}%`,
          threshold: '5%',
          details: { provider },
        };
      },
    },
    crashLoop,
  ],
  'search-api': [
    {
      key: 'index-lag',
      eventClass: 'freshness',
      component: 'search-index',
      weight: 3,
      mix: [0, 20, 55, 25],
      target: 'pod',
      make: (ctx) => {
        const minutes = bandInt(ctx, [10, 15, 30, 90, 360]);
        return {
          title: `products index lag ${minutes} min behind the catalogue (threshold 10 min)`,
          metric: 'search_index_lag_minutes',
          value: `${minutes} min`,
          threshold: '10 min',
          details: { index: `products-v${ctx.r.int(6, 9)}` },
        };
      },
    },
    p99Latency('search-p99-latency', () => 'GET /v1/search', 400, 'search-api'),
    http5xx('search-5xx', () => 'GET /v1/search', 'search-api'),
    {
      key: 'zero-result-rate',
      eventClass: 'business kpi',
      component: 'search-relevance',
      weight: 1,
      mix: [0, 15, 55, 30],
      perTenant: true,
      target: 'pod',
      client: 'grafana',
      make: (ctx) => {
        const pct = band(ctx, [12, 15, 25, 40, 70]);
        return {
          title: `zero-result searches at ${Math.round(pct)}% (baseline 4%)`,
          metric: 'search_zero_result_ratio',
          value: `${Math.round(pct)}%`,
          threshold: '12%',
        };
      },
    },
  ],
  'search-indexer': [
    {
      key: 'index-lag',
      eventClass: 'freshness',
      component: 'indexer',
      weight: 4,
      mix: [0, 20, 55, 25],
      target: 'pod',
      make: (ctx) => {
        const minutes = bandInt(ctx, [10, 15, 30, 90, 360]);
        return {
          title: `index lag ${minutes} min on products-v${ctx.r.int(6, 9)} (threshold 10 min)`,
          metric: 'search_index_lag_minutes',
          value: `${minutes} min`,
          threshold: '10 min',
        };
      },
    },
    queueBacklog('reindex-dead-letters', () => 'catalogue-changes DLQ', 200, 'indexer'),
    crashLoop,
  ],
  push: [
    {
      key: 'push-delivery-errors',
      eventClass: 'delivery',
      component: 'push-gateway',
      weight: 3,
      mix: [5, 30, 50, 15],
      target: 'pod',
      make: (ctx) => {
        const pct = band(ctx, [2, 3, 8, 20, 60]);
        const provider = ctx.r.pick(['APNs', 'FCM']);
        return {
          title: `${provider} delivery errors ${oneDecimal(pct)}% (threshold 3%)`,
          metric: 'push_delivery_error_ratio',
          value: `${oneDecimal(pct)}%`,
          threshold: '3%',
          details: { provider },
        };
      },
    },
    queueBacklog('push-backlog', queue, 20000, 'push-gateway'),
    crashLoop,
  ],
  api: [http5xx('http-5xx', endpoint, 'api'), p99Latency('p99-latency', endpoint, 500, 'api'), crashLoop, sloBurn, memoryLimit],
  web: [
    http5xx('http-5xx', () => 'GET /', 'frontend'),
    {
      key: 'javascript-error-spike',
      eventClass: 'client errors',
      component: 'frontend',
      weight: 2,
      mix: [5, 30, 50, 15],
      perTenant: true,
      target: 'host',
      client: 'sentry',
      make: (ctx) => {
        const perMinute = band(ctx, [80, 120, 300, 1000, 4000]);
        return {
          title: `JavaScript error spike: ${grouped(perMinute)} errors/min (baseline 25)`,
          metric: 'js_errors_per_minute',
          value: grouped(perMinute),
          threshold: '80',
        };
      },
    },
    syntheticCheck,
    crashLoop,
  ],
  worker: [
    queueBacklog('queue-backlog', queue, 5000, 'worker'),
    {
      key: 'job-failure-rate',
      eventClass: 'error rate',
      component: 'worker',
      weight: 2,
      mix: [5, 35, 45, 15],
      perTenant: true,
      target: 'pod',
      make: (ctx) => {
        const pct = band(ctx, [2, 3, 8, 20, 60]);
        return {
          title: `job failure rate ${oneDecimal(pct)}% on ${queue(ctx)} (threshold 3%)`,
          metric: 'jobs_failed_ratio',
          value: `${oneDecimal(pct)}%`,
          threshold: '3%',
        };
      },
    },
    {
      key: 'dead-letter-queue',
      eventClass: 'saturation',
      component: 'worker',
      weight: 1,
      mix: [0, 20, 60, 20],
      target: 'pod',
      make: (ctx) => {
        const count = bandInt(ctx, [100, 200, 1000, 5000, 20000]);
        return {
          title: `${grouped(count)} messages in the ${queue(ctx)} dead-letter queue (threshold 200)`,
          metric: 'dlq_messages',
          value: grouped(count),
          threshold: '200',
        };
      },
    },
    crashLoop,
  ],
  sync: [
    {
      key: 'sync-failing',
      eventClass: 'integration',
      component: 'sync-job',
      weight: 3,
      mix: [5, 40, 45, 10],
      target: 'pod',
      make: (ctx) => {
        const rejected = bandInt(ctx, [20, 50, 200, 1000, 8000]);
        return {
          title: `sync with ${upstream(ctx)} failing: ${grouped(rejected)} records rejected in 15 min`,
          metric: 'sync_records_rejected',
          value: grouped(rejected),
          threshold: '50',
          details: { upstream: upstream(ctx) },
        };
      },
    },
    {
      key: 'sync-lag',
      eventClass: 'freshness',
      component: 'sync-job',
      weight: 3,
      mix: [0, 25, 55, 20],
      target: 'pod',
      make: (ctx) => {
        const minutes = bandInt(ctx, [20, 30, 60, 180, 720]);
        return {
          title: `last successful sync from ${upstream(ctx)} ${minutes} min ago (threshold 30 min)`,
          metric: 'sync_last_success_age_minutes',
          value: `${minutes} min`,
          threshold: '30 min',
          details: { upstream: upstream(ctx) },
        };
      },
    },
    {
      key: 'upstream-throttling',
      eventClass: 'quota',
      component: 'sync-job',
      weight: 1,
      mix: [0, 15, 55, 30],
      target: 'pod',
      make: (ctx) => {
        const count = bandInt(ctx, [50, 100, 500, 2000, 10000]);
        return {
          title: `${upstream(ctx)} throttling: ${grouped(count)} HTTP 429 responses in 15 min`,
          metric: 'upstream_429_count',
          value: grouped(count),
          threshold: '100',
          details: { upstream: upstream(ctx) },
        };
      },
    },
  ],
  sap: [
    {
      key: 'batch-job-overran',
      eventClass: 'batch',
      component: 'background-jobs',
      weight: 3,
      mix: [0, 30, 45, 25],
      target: 'host',
      client: 'solman',
      make: (ctx) => {
        const minutes = bandInt(ctx, [15, 30, 60, 120, 300]);
        const job = ctx.r.pick(['ZFI_DAILY_CLOSE', 'ZSD_BILLING_RUN', 'ZMM_MRP_NIGHTLY', 'ZCO_SETTLEMENT']);
        return {
          title: `batch job ${job} overran by ${minutes} min`,
          metric: 'job_overrun_minutes',
          value: `${minutes} min`,
          threshold: '15 min',
          details: { job, client: '100' },
        };
      },
    },
    {
      key: 'idoc-backlog',
      eventClass: 'integration',
      component: 'ale-idoc',
      weight: 3,
      mix: [5, 35, 45, 15],
      target: 'host',
      client: 'solman',
      make: (ctx) => {
        const count = bandInt(ctx, [500, 1000, 4000, 12000, 40000]);
        const type = ctx.r.pick(['ORDERS05', 'INVOIC02', 'MATMAS05', 'DEBMAS07']);
        return {
          title: `IDoc backlog ${grouped(count)} (${type} inbound, status 64)`,
          metric: 'idoc_backlog',
          value: grouped(count),
          threshold: '1,000',
          details: { idoc_type: type, status: '64' },
        };
      },
    },
    {
      key: 'work-processes-exhausted',
      eventClass: 'saturation',
      component: 'application-server',
      weight: 1,
      mix: [20, 40, 40, 0],
      target: 'host',
      client: 'solman',
      make: (ctx) => {
        const total = ctx.r.pick([40, 60, 80]);
        return {
          title: `all ${total} dialog work processes busy on ${ctx.target}`,
          metric: 'dialog_wp_busy',
          value: `${total}/${total}`,
          threshold: `${Math.round(total * 0.9)}/${total}`,
        };
      },
    },
  ],
  salesforce: [
    {
      key: 'integration-sync-failing',
      eventClass: 'integration',
      component: 'mulesoft-sync',
      weight: 3,
      mix: [5, 40, 45, 10],
      target: 'host',
      client: 'datadog',
      make: (ctx) => {
        const count = bandInt(ctx, [20, 50, 200, 800, 5000]);
        const object = ctx.r.pick(['Account', 'Contact', 'Opportunity', 'Case']);
        return {
          title: `integration sync failing: ${grouped(count)} ${object} upserts rejected in 15 min`,
          metric: 'sfdc_upsert_errors',
          value: grouped(count),
          threshold: '50',
          details: { object, error: ctx.r.pick(['UNABLE_TO_LOCK_ROW', 'FIELD_CUSTOM_VALIDATION_EXCEPTION', 'REQUEST_LIMIT_EXCEEDED']) },
        };
      },
    },
    {
      key: 'api-limit',
      eventClass: 'quota',
      component: 'org-limits',
      weight: 3,
      mix: [5, 25, 45, 25],
      target: 'host',
      client: 'datadog',
      make: (ctx) => {
        const pct = band(ctx, [80, 85, 92, 97, 99.8]);
        return {
          title: `daily API request limit ${oneDecimal(pct)}% used (${grouped(pct * 10000)} of 1,000,000)`,
          metric: 'sfdc_daily_api_requests_used',
          value: `${oneDecimal(pct)}%`,
          threshold: '85%',
        };
      },
    },
    {
      key: 'platform-event-delay',
      eventClass: 'latency',
      component: 'platform-events',
      weight: 1,
      mix: [0, 20, 55, 25],
      target: 'host',
      client: 'datadog',
      make: (ctx) => {
        const minutes = bandInt(ctx, [5, 10, 30, 60, 240]);
        return {
          title: `Order__e platform events delivered ${minutes} min late`,
          metric: 'platform_event_delay_minutes',
          value: `${minutes} min`,
          threshold: '10 min',
        };
      },
    },
  ],
  servicenow: [
    {
      key: 'mid-server-down',
      eventClass: 'availability',
      component: 'mid-server',
      weight: 3,
      mix: [10, 50, 40, 0],
      target: 'host',
      client: 'zabbix',
      make: (ctx) => ({
        title: `MID server ${ctx.target} down (last heartbeat ${ctx.r.int(6, 45)} min ago)`,
        metric: 'mid_server_up',
        value: '0',
        threshold: '1',
      }),
    },
    {
      key: 'inbound-email-delayed',
      eventClass: 'latency',
      component: 'email',
      weight: 2,
      mix: [0, 20, 55, 25],
      target: 'host',
      client: 'zabbix',
      make: (ctx) => {
        const minutes = bandInt(ctx, [10, 15, 30, 60, 240]);
        return {
          title: `inbound email processing ${minutes} min behind`,
          metric: 'inbound_email_delay_minutes',
          value: `${minutes} min`,
          threshold: '15 min',
        };
      },
    },
    {
      key: 'scheduled-job-failing',
      eventClass: 'batch',
      component: 'scheduler',
      weight: 2,
      mix: [0, 25, 50, 25],
      target: 'host',
      client: 'zabbix',
      make: (ctx) => {
        const job = ctx.r.pick(['CMDB discovery', 'SLA breach calculation', 'PagerDuty bidirectional sync']);
        return {
          title: `scheduled job "${job}" failed ${ctx.r.int(2, 6)} runs in a row`,
          metric: 'scheduled_job_failures',
          value: String(ctx.r.int(2, 6)),
          threshold: '2',
          details: { job },
        };
      },
    },
  ],
  cots: [
    {
      key: 'batch-job-overran',
      eventClass: 'batch',
      component: 'scheduler',
      weight: 3,
      mix: [0, 25, 45, 30],
      target: 'host',
      client: 'zabbix',
      make: (ctx) => {
        const minutes = bandInt(ctx, [15, 30, 60, 120, 300]);
        const job = ctx.r.pick(['NIGHTLY_EXTRACT', 'GL_INTERFACE', 'PAYROLL_EXPORT', 'SUPPLIER_IMPORT']);
        return {
          title: `batch job ${job} overran by ${minutes} min`,
          metric: 'job_overrun_minutes',
          value: `${minutes} min`,
          threshold: '15 min',
          details: { job },
        };
      },
    },
    {
      key: 'integration-backlog',
      eventClass: 'integration',
      component: 'integration',
      weight: 3,
      mix: [5, 35, 45, 15],
      target: 'host',
      client: 'zabbix',
      make: (ctx) => {
        const count = bandInt(ctx, [500, 1000, 4000, 12000, 40000]);
        return {
          title: `integration queue backlog ${grouped(count)} messages (threshold 1,000)`,
          metric: 'integration_queue_depth',
          value: grouped(count),
          threshold: '1,000',
        };
      },
    },
    {
      key: 'app-server-down',
      eventClass: 'availability',
      component: 'application-server',
      weight: 2,
      mix: [25, 50, 25, 0],
      target: 'host',
      client: 'zabbix',
      make: (ctx) => ({ title: `application server ${ctx.target} not responding`, metric: 'http_check_up', value: '0', threshold: '1' }),
    },
    {
      key: 'response-time',
      eventClass: 'latency',
      component: 'application-server',
      weight: 2,
      mix: [0, 15, 55, 30],
      target: 'host',
      client: 'zabbix',
      make: (ctx) => {
        const seconds = band(ctx, [3, 4, 8, 15, 45]);
        return {
          title: `response time ${oneDecimal(seconds)} s on the login page (threshold 3 s)`,
          metric: 'web_response_seconds',
          value: `${oneDecimal(seconds)} s`,
          threshold: '3 s',
        };
      },
    },
  ],
  network: [
    {
      key: 'bgp-session-down',
      eventClass: 'routing',
      component: 'bgp',
      weight: 2,
      mix: [50, 40, 10, 0],
      target: 'host',
      client: 'zabbix',
      make: (ctx) => {
        const peer = `10.255.${ctx.r.int(0, 15)}.${ctx.r.int(1, 254)}`;
        const asn = ctx.r.pick(['64512', '64513', '3356', '1299']);
        return {
          title: `BGP session down with peer ${peer} (AS${asn}) on ${ctx.target}`,
          metric: 'bgp_peer_state',
          value: 'Idle',
          threshold: 'Established',
          details: { peer, peer_as: asn },
        };
      },
    },
    {
      key: 'packet-loss-between-dcs',
      eventClass: 'packet loss',
      component: 'dci',
      weight: 3,
      mix: [15, 35, 40, 10],
      target: 'host',
      client: 'zabbix',
      make: (ctx) => {
        const pct = band(ctx, [0.5, 1, 3, 8, 40]);
        const [from, to] = ctx.r.pick([
          ['DC1 Frankfurt', 'DC2 Amsterdam'],
          ['DC1 Frankfurt', 'DC3 Ashburn'],
          ['DC2 Amsterdam', 'DC4 Singapore'],
        ] as const);
        return {
          title: `packet loss ${oneDecimal(pct)}% between ${from} and ${to}`,
          metric: 'icmp_packet_loss_ratio',
          value: `${oneDecimal(pct)}%`,
          threshold: '1%',
          details: { from, to },
        };
      },
    },
    {
      key: 'firewall-failover',
      eventClass: 'high availability',
      component: 'firewall',
      weight: 2,
      mix: [15, 45, 40, 0],
      target: 'host',
      client: 'zabbix',
      make: (ctx) => {
        const cluster = `fw-${ctx.place.site}-${twoDigits(ctx.r.int(1, 3))}`;
        return {
          title: `firewall cluster ${cluster} failed over to node ${ctx.r.pick(['B', 'A'])}`,
          metric: 'ha_state_change',
          value: 'failover',
          threshold: 'none',
          details: { cluster },
        };
      },
    },
    {
      key: 'interface-down',
      eventClass: 'link',
      component: 'interface',
      weight: 2,
      mix: [10, 40, 50, 0],
      target: 'host',
      client: 'zabbix',
      make: (ctx) => {
        const port = `Ethernet1/${ctx.r.int(1, 48)}`;
        return {
          title: `interface ${port} down on ${ctx.target}`,
          metric: 'if_oper_status',
          value: 'down',
          threshold: 'up',
          details: { interface: port },
        };
      },
    },
  ],
  'edge-proxy': [
    {
      key: 'origin-5xx',
      eventClass: 'error rate',
      component: 'envoy',
      weight: 3,
      mix: [15, 35, 50, 0],
      target: 'host',
      make: (ctx) => {
        const pct = band(ctx, [1, 1, 3, 8, 40]);
        return {
          title: `5xx from origins at ${oneDecimal(pct)}% of requests (threshold 1%)`,
          metric: 'envoy_upstream_rq_5xx_ratio',
          value: `${oneDecimal(pct)}%`,
          threshold: '1%',
        };
      },
    },
    {
      key: 'tls-certificate-expiry',
      eventClass: 'certificate',
      component: 'tls',
      weight: 1,
      mix: [0, 10, 45, 45],
      target: 'host',
      make: (ctx) => {
        const days = bandInt(ctx, [30, 14, 7, 2, 1]);
        return {
          title: `TLS certificate for *.shop.example.com expires in ${days} days`,
          metric: 'ssl_cert_days_remaining',
          value: String(days),
          threshold: '30',
        };
      },
    },
    {
      key: 'backend-pool-unhealthy',
      eventClass: 'availability',
      component: 'envoy',
      weight: 2,
      mix: [20, 40, 40, 0],
      target: 'host',
      make: (ctx) => {
        const total = ctx.r.pick([6, 8, 12]);
        const healthy = Math.max(0, total - bandInt(ctx, [1, 1, 2, 4, total]));
        return {
          title: `backend pool checkout-origins ${healthy}/${total} healthy`,
          metric: 'envoy_cluster_membership_healthy',
          value: `${healthy}/${total}`,
          threshold: `${total - 1}/${total}`,
        };
      },
    },
  ],
  database: [
    {
      key: 'replication-lag',
      eventClass: 'replication',
      component: 'replication',
      weight: 3,
      mix: [10, 35, 45, 10],
      target: 'host',
      make: (ctx) => {
        const seconds = bandInt(ctx, [30, 60, 300, 900, 3600]);
        const lag = seconds >= 120 ? `${Math.round(seconds / 60)} min` : `${seconds} s`;
        const where = {
          oracle: 'Data Guard apply lag',
          postgres: 'replication lag',
          sqlserver: 'Always On redo queue lag',
          mongodb: 'secondary replication lag',
        }[ctx.spec.engine ?? 'postgres'];
        return {
          title: `${where} ${lag} on ${ctx.target} (threshold 30 s)`,
          metric: 'replication_lag_seconds',
          value: String(seconds),
          threshold: '30',
        };
      },
    },
    {
      key: 'tablespace-full',
      eventClass: 'capacity',
      component: 'storage',
      weight: 3,
      mix: [10, 30, 45, 15],
      target: 'host',
      make: (ctx) => {
        const pct = band(ctx, [80, 85, 92, 97, 99.5]);
        const title =
          ctx.spec.engine === 'oracle'
            ? `tablespace ${ctx.r.pick(['LEDGER', 'ORDERS', 'AUDIT_DATA', 'USERS'])} ${Math.round(pct)}% full`
            : `data volume ${Math.round(pct)}% full on ${ctx.target}`;
        return {
          title,
          metric: ctx.spec.engine === 'oracle' ? 'tablespace_used_ratio' : 'disk_used_ratio',
          value: `${Math.round(pct)}%`,
          threshold: '85%',
        };
      },
    },
    {
      key: 'long-running-locks',
      eventClass: 'contention',
      component: 'locks',
      weight: 2,
      mix: [10, 40, 45, 5],
      target: 'host',
      make: (ctx) => {
        const blocked = bandInt(ctx, [3, 5, 15, 40, 200]);
        const minutes = ctx.r.int(6, 45);
        return {
          title: `${blocked} sessions blocked by a lock held for ${minutes} min`,
          metric: 'blocked_sessions',
          value: String(blocked),
          threshold: '5',
          details: { blocking_for_minutes: minutes, schema: ctx.r.pick(['orders', 'ledger', 'payments', 'catalogue']) },
        };
      },
    },
    {
      key: 'connection-pool-exhausted',
      eventClass: 'saturation',
      component: 'connections',
      weight: 2,
      mix: [20, 45, 35, 0],
      target: 'host',
      make: (ctx) => {
        const max = ctx.r.pick([300, 500, 1000]);
        const used = Math.min(max, Math.round((band(ctx, [85, 85, 93, 99, 100]) / 100) * max));
        const pool = ctx.spec.engine === 'postgres' ? 'pgbouncer' : 'connection pool';
        return {
          title: `${pool} ${used === max ? 'exhausted' : 'near limit'} on ${ctx.target} (${used}/${max})`,
          metric: 'connections_in_use',
          value: `${used}/${max}`,
          threshold: `${Math.round(max * 0.85)}/${max}`,
        };
      },
    },
  ],
  'active-directory': [
    {
      key: 'dc-replication-failure',
      eventClass: 'replication',
      component: 'ntds-replication',
      weight: 3,
      mix: [10, 45, 45, 0],
      target: 'host',
      client: 'scom',
      make: (ctx) => {
        const partners = bandInt(ctx, [1, 1, 2, 3, 5]);
        return {
          title: `domain controller ${ctx.target.toUpperCase()} failing replication with ${partners} partner${partners === 1 ? '' : 's'} (error 8453)`,
          metric: 'ad_replication_failures',
          value: String(partners),
          threshold: '0',
          details: { error: '8453 Replication access was denied' },
        };
      },
    },
    {
      key: 'ldaps-certificate-expiry',
      eventClass: 'certificate',
      component: 'ldaps',
      weight: 2,
      mix: [0, 10, 45, 45],
      target: 'host',
      client: 'scom',
      make: (ctx) => {
        const days = bandInt(ctx, [30, 14, 7, 2, 1]);
        return {
          title: `LDAPS certificate on ${ctx.target} expires in ${days} days`,
          metric: 'ldaps_cert_days_remaining',
          value: String(days),
          threshold: '30',
        };
      },
    },
    {
      key: 'account-lockout-spike',
      eventClass: 'security',
      component: 'kerberos',
      weight: 1,
      mix: [5, 30, 50, 15],
      target: 'host',
      client: 'scom',
      make: (ctx) => {
        const count = bandInt(ctx, [50, 100, 300, 1000, 5000]);
        return {
          title: `${grouped(count)} account lockouts in 10 min (baseline 15)`,
          metric: 'ad_account_lockouts',
          value: grouped(count),
          threshold: '100',
        };
      },
    },
  ],
  kubernetes: [
    {
      key: 'node-not-ready',
      eventClass: 'availability',
      component: 'kubelet',
      weight: 3,
      mix: [10, 40, 50, 0],
      target: 'node',
      make: (ctx) => ({
        title: `node ${ctx.target} NotReady for ${ctx.r.int(5, 40)} min`,
        metric: 'kube_node_status_condition_ready',
        value: 'false',
        threshold: 'true',
        details: { cluster: ctx.place.cluster },
      }),
    },
    {
      key: 'etcd-latency',
      eventClass: 'latency',
      component: 'etcd',
      weight: 2,
      mix: [15, 35, 50, 0],
      target: 'node',
      make: (ctx) => {
        const ms = bandInt(ctx, [100, 125, 250, 500, 2000]);
        return {
          title: `etcd p99 commit latency ${ms} ms on ${ctx.place.cluster} (threshold 125 ms)`,
          metric: 'etcd_disk_backend_commit_duration_p99',
          value: `${ms} ms`,
          threshold: '125 ms',
          details: { cluster: ctx.place.cluster },
        };
      },
    },
    {
      key: 'disk-pressure',
      eventClass: 'capacity',
      component: 'kubelet',
      weight: 2,
      mix: [0, 30, 55, 15],
      target: 'node',
      make: (ctx) => {
        const pct = bandInt(ctx, [85, 88, 92, 96, 99]);
        return {
          title: `disk pressure on node ${ctx.target} (${pct}% of /var/lib/containerd used)`,
          metric: 'node_filesystem_used_ratio',
          value: `${pct}%`,
          threshold: '85%',
          details: { cluster: ctx.place.cluster },
        };
      },
    },
  ],
  messaging: [
    {
      key: 'consumer-lag',
      eventClass: 'saturation',
      component: 'consumers',
      weight: 3,
      mix: [5, 30, 50, 15],
      target: 'host',
      make: (ctx) => {
        const lag = bandInt(ctx, [10000, 50000, 200000, 1000000, 5000000]);
        const name =
          ctx.spec.broker === 'rabbitmq'
            ? `queue ${ctx.r.pick(['erp.orders', 'wms.picks', 'crm.accounts'])}`
            : `consumer group ${ctx.r.pick(['orders-projector', 'search-indexer', 'ledger-writer'])}`;
        return {
          title: `${name} lag ${grouped(lag)} messages (threshold 50,000)`,
          metric: ctx.spec.broker === 'rabbitmq' ? 'rabbitmq_queue_messages_ready' : 'kafka_consumergroup_lag',
          value: grouped(lag),
          threshold: '50,000',
        };
      },
    },
    {
      key: 'broker-down',
      eventClass: 'availability',
      component: 'broker',
      weight: 2,
      mix: [30, 50, 20, 0],
      target: 'host',
      make: (ctx) =>
        ctx.spec.broker === 'rabbitmq'
          ? { title: `node ${ctx.target} left the cluster (memory alarm)`, metric: 'rabbitmq_node_running', value: '0', threshold: '1' }
          : {
              title: `${ctx.r.int(12, 140)} under-replicated partitions after broker ${ctx.target} went offline`,
              metric: 'kafka_under_replicated_partitions',
              value: String(ctx.r.int(12, 140)),
              threshold: '0',
            },
    },
  ],
  cache: [
    {
      key: 'memory-evictions',
      eventClass: 'capacity',
      component: 'redis',
      weight: 3,
      mix: [5, 30, 50, 15],
      target: 'host',
      make: (ctx) => {
        const pct = bandInt(ctx, [85, 88, 93, 97, 100]);
        const evictions = bandInt(ctx, [10, 100, 1000, 5000, 20000]);
        return {
          title: `memory ${pct}% of maxmemory, ${grouped(evictions)} evictions/s on ${ctx.target}`,
          metric: 'redis_memory_used_ratio',
          value: `${pct}%`,
          threshold: '85%',
          details: { evictions_per_second: evictions },
        };
      },
    },
    {
      key: 'replica-down',
      eventClass: 'availability',
      component: 'redis',
      weight: 2,
      mix: [15, 50, 35, 0],
      target: 'host',
      make: (ctx) => ({
        title: `replica ${ctx.target} disconnected from primary for ${ctx.r.int(2, 30)} min`,
        metric: 'redis_connected_slaves',
        value: '1',
        threshold: '2',
      }),
    },
  ],
  storage: [
    {
      key: 'backup-failed',
      eventClass: 'backup',
      component: 'backup',
      weight: 3,
      mix: [5, 40, 45, 10],
      target: 'host',
      client: 'zabbix',
      make: (ctx) => {
        const job = ctx.r.pick(['oracle-ledger-full', 'postgres-orders-wal', 'sap-erp-daily', 'fileshare-finance']);
        return {
          title: `backup job ${job} failed (${ctx.r.pick(['media error', 'snapshot timeout', 'repository full'])})`,
          metric: 'backup_job_success',
          value: '0',
          threshold: '1',
          details: { job },
        };
      },
    },
    {
      key: 'volume-full',
      eventClass: 'capacity',
      component: 'storage',
      weight: 3,
      mix: [10, 30, 45, 15],
      target: 'host',
      client: 'zabbix',
      make: (ctx) => {
        const pct = bandInt(ctx, [80, 85, 92, 97, 100]);
        return {
          title: `volume ${ctx.r.pick(['vol_backup_01', 'vol_objects_eu', 'vol_archive'])} ${pct}% full`,
          metric: 'volume_used_ratio',
          value: `${pct}%`,
          threshold: '85%',
        };
      },
    },
    {
      key: 'dr-replication-lag',
      eventClass: 'replication',
      component: 'replication',
      weight: 2,
      mix: [5, 30, 50, 15],
      target: 'host',
      client: 'zabbix',
      make: (ctx) => {
        const hours = bandInt(ctx, [2, 4, 8, 24, 72]);
        return {
          title: `replication to the DR site ${hours} h behind (RPO 4 h)`,
          metric: 'dr_replication_lag_hours',
          value: `${hours} h`,
          threshold: '4 h',
        };
      },
    },
  ],
};

/** Host names as each kind of system names them. */
function hostFor(r: Random, spec: DemoServiceSpec, place: RegionInfo): string {
  const n = twoDigits(r.int(1, 12));
  switch (spec.profile) {
    case 'sap':
      return `sapapp-prd-${n}`;
    case 'salesforce':
      return `sfdc-int-${place.site}-${n}`;
    case 'servicenow':
      return `mid-${place.site}-${n}`;
    case 'cots':
      return `${slug(spec.name).split('-')[0] ?? 'app'}-app-${place.site}-${n}`;
    case 'network':
      return `core-${r.pick(['rtr', 'sw'])}-${place.site}-${n}`;
    case 'edge-proxy':
      return `edge-${place.site}-${n}`;
    case 'database':
      return {
        oracle: `ora-rac-${place.site}-${n}`,
        postgres: `pg-prd-${place.site}-${n}`,
        sqlserver: `sql-ag-${place.site}-${n}`,
        mongodb: `mongo-${place.site}-${n}`,
      }[spec.engine ?? 'postgres'];
    case 'active-directory':
      return `dc-${place.site}-${n}`;
    case 'messaging':
      return `${spec.broker === 'rabbitmq' ? 'rmq' : 'kafka'}-${place.site}-${n}`;
    case 'cache':
      return `redis-${place.site}-${n}`;
    case 'storage':
      return `stor-${place.site}-${n}`;
    default:
      return `${slug(spec.name)}-${place.site}-${n}`;
  }
}

function targetFor(r: Random, kind: TargetKind, spec: DemoServiceSpec, place: RegionInfo): string {
  if (kind === 'pod') return podName(r, slug(spec.name));
  if (kind === 'node') return `k8s-${place.cluster}-w${twoDigits(r.int(1, 40))}`;
  return hostFor(r, spec, place);
}

export interface DemoAlertOptions {
  /** A template key of the service's profile (e.g. "card-authorisation-error-rate"). */
  templateKey?: string;
  /** Overrides the template's severity mix. */
  severity?: Severity;
  region?: RegionCode;
}

/** The template keys a service can raise, in declaration order. */
export function templateKeysFor(service: ServiceRecord): string[] {
  return TEMPLATES[demoServiceSpec(service).profile].map((template) => template.key);
}

/** One demo alert for a service, from the templates of its kind. */
export function demoAlert(random: Random, service: ServiceRecord, options: DemoAlertOptions = {}): DemoAlert {
  const spec = demoServiceSpec(service);
  const templates = TEMPLATES[spec.profile];
  const template =
    templates.find((each) => each.key === options.templateKey) ?? random.weighted(templates.map((each) => [each, each.weight] as const));
  const severity =
    options.severity ??
    random.weighted(SEVERITIES.map((each, index) => [each, (template.mix[index] ?? 0) * (SEVERITY_BIAS[index] ?? 1)] as const));
  const place = placeFor(random, options.region ?? spec.region);
  return buildAlert(random, service, spec, template, severity, place);
}

function placeFor(random: Random, region: RegionCode | undefined): RegionInfo {
  return random.pick(REGIONS[region ?? random.weighted(REGION_WEIGHTS)]);
}

function buildAlert(
  random: Random,
  service: ServiceRecord,
  spec: DemoServiceSpec,
  template: AlertTemplate,
  severity: Severity,
  place: RegionInfo,
): DemoAlert {
  const target = targetFor(random, template.target, spec, place);
  const ctx: Ctx = { r: random, service, spec, severity, place, target };
  const made = template.make(ctx);
  const tenant = spec.multiTenant && template.perTenant ? random.weighted(TENANT_WEIGHTS) : null;
  const serviceSlug = slug(service.name);
  const query = `?orgId=1&var-region=${place.region}${tenant ? `&var-tenant=${tenant}` : ''}`;
  const dashboardUrl = `https://grafana.example.com/d/${serviceSlug}/${serviceSlug}-${template.key}${query}`;
  const runbookUrl = `https://runbooks.example.com/${serviceSlug}/${template.key}`;
  const details: Record<string, unknown> = {
    ...(tenant ? { tenant } : {}),
    environment: 'production',
    region: place.region,
    [template.target === 'pod' ? 'pod' : 'host']: target,
    metric: made.metric,
    value: made.value,
    threshold: made.threshold,
    ...made.details,
    dashboard_url: dashboardUrl,
    runbook_url: runbookUrl,
  };
  const [client, clientUrl] =
    CLIENTS[template.client ?? (service.kind === 'digital' ? 'alertmanager' : service.kind === 'cots' ? 'zabbix' : 'alertmanager')];
  return {
    summary: `${service.name}: ${made.title}`,
    severity,
    source: target,
    component: template.component,
    group: template.target === 'host' ? `${serviceSlug}-${place.site}` : place.cluster,
    eventClass: template.eventClass,
    details,
    contexts: [
      { type: 'link', href: dashboardUrl, text: 'Dashboard' },
      { type: 'link', href: runbookUrl, text: 'Runbook' },
    ],
    client,
    clientUrl,
    templateKey: template.key,
  };
}

/**
 * An alert storm: 3 to `maxSize` related alerts on one service in one region, as when a
 * real failure trips several monitors at once. The first alert is critical or error.
 */
export function demoAlertStorm(random: Random, service: ServiceRecord, size: number): DemoAlert[] {
  const spec = demoServiceSpec(service);
  const templates = random.shuffled(TEMPLATES[spec.profile]);
  const place = placeFor(random, spec.region);
  const alerts: DemoAlert[] = [];
  for (let index = 0; index < size; index += 1) {
    const template = templates[index % templates.length];
    if (!template) break;
    const severity: Severity =
      index === 0
        ? random.pick(['critical', 'error'] as const)
        : random.weighted<Severity>([
            ['critical', 2],
            ['error', 5],
            ['warning', 3],
          ]);
    alerts.push(buildAlert(random, service, spec, template, severity, place));
  }
  return alerts;
}
