/**
 * The demo's incidents, written through the same REST endpoint path a monitoring tool
 * uses (ingestAlert) and the same state changes the API makes: for each team a few open
 * incidents in each phase (two triggered, one acknowledged, one recently resolved), and
 * resolved history over the days before start for the reporting API (acknowledged by the
 * on-call person within minutes, resolved by a RECOVERY alert or by hand, a few clearing
 * by themselves before anyone acknowledged). Deterministic for a given PRNG seed and start.
 */
import type { Random } from '../pagerduty/random';
import { ingestAlert, type AlertFields } from './rest-endpoint';
import type { SplunkOnCallState } from './state';
import type { IncidentRecord } from './types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Every history incident is resolved at least this long before start. */
const QUIET_BEFORE_START_MS = 10 * MINUTE;

interface DemoAlert {
  routingKey: string;
  fields: Omit<AlertFields, 'message_type'>;
}

const alert = (routingKey: string, tool: string, entityId: string, title: string, details: string, host?: string): DemoAlert => ({
  routingKey,
  fields: {
    entity_id: entityId,
    entity_display_name: title,
    state_message: details,
    monitoring_tool: tool,
    ...(host ? { host_name: host } : {}),
  },
});

/** Per team: the first four are the open demo incidents, all of them recur in the history. */
const DEMO_ALERTS: DemoAlert[][] = [
  [
    alert(
      'data-pipelines',
      'Prometheus',
      'clickstream-pipeline/consumer-lag',
      'Clickstream Pipeline: Kafka consumer lag above 500k messages',
      'consumer group clickstream-enricher is 612,000 messages behind on topic web-events; runbook https://runbooks.example.com/data/consumer-lag',
      'kafka-consumer-03',
    ),
    alert(
      'data-warehouse',
      'Airflow',
      'warehouse-loader/orders-fact-load',
      'Warehouse Loader: COPY INTO orders_fact failing',
      'DAG warehouse_hourly, task load_orders_fact failed 3 times: file format mismatch in s3://acme-dwh-stage/orders/',
    ),
    alert(
      'data-pipelines',
      'Datadog',
      'reporting-api/p95-latency',
      'Reporting API: p95 latency above 2 s for 10 minutes',
      'p95 2.8 s (threshold 2 s) on GET /v2/reports/{id}; dashboard https://app.datadoghq.com/dashboard/rpt-api',
    ),
    alert(
      'data-warehouse',
      'Tableau',
      'tableau-server/finance-kpis-extract',
      'Tableau Server: Finance KPIs extract refresh failed',
      'Scheduled refresh of the Finance KPIs extract failed: query timeout after 7200 s',
    ),
    alert(
      'data-pipelines',
      'Prometheus',
      'product-feed-sync/stale-export',
      'Product Feed Sync: export older than 2 hours',
      'last export 2h14m ago',
    ),
    alert(
      'data-critical',
      'Nagios',
      'etl-db-01/disk',
      'etl-db-01: /var/lib/postgresql 92% full',
      'DISK CRITICAL - free space: 8%',
      'etl-db-01',
    ),
  ],
  [
    alert(
      'merchant-portal',
      'Datadog',
      'merchant-portal/5xx-rate',
      'Merchant Portal: 5xx rate 4.2% over 5 minutes',
      '5xx rate 4.2% (threshold 2%) on merchant-portal-web; most on POST /onboarding/documents',
    ),
    alert(
      'payouts',
      'Prometheus',
      'payout-scheduler/eu-batch-late',
      'Payout Scheduler: EU payout batch 40 minutes late',
      'batch eu-sepa-daily has not started; expected at 06:00 UTC',
    ),
    alert(
      'merchant-portal',
      'New Relic',
      'tax-calculation/vendor-timeouts',
      'Tax Calculation: tax vendor calls timing out (12%)',
      '12% of calls to the tax vendor exceed 3 s; checkout falls back to estimated tax',
    ),
    alert(
      'payouts',
      'Prometheus',
      'currency-rates-sync/stale',
      'Currency Rates Sync: rates not refreshed for 3 hours',
      'last successful sync 3h02m ago',
    ),
    alert(
      'merchant-portal',
      'Datadog',
      'partner-api/oauth-errors',
      'Partner API: OAuth token errors for 3 partners',
      'invalid_grant for 3 partner clients',
    ),
    alert(
      'payouts',
      'Zabbix',
      'merchant-db-02/replication-lag',
      'merchant-db-02: replication lag 180 s',
      'replica lag 180 s (threshold 60 s)',
      'merchant-db-02',
    ),
  ],
];

const ACK_MESSAGES = ['Looking into it', 'On it', 'Investigating', 'Checking the dashboards'];
const RESOLVE_MESSAGES = ['Fixed', 'Restarted the worker; back to normal', 'Rolled back the last deploy', 'Vendor issue, recovered'];

function trigger(state: SplunkOnCallState, demo: DemoAlert, at: number): IncidentRecord {
  const { incident } = ingestAlert(state, demo.routingKey, { ...demo.fields, message_type: 'CRITICAL' }, at);
  if (!incident) throw new Error(`Demo alert ${demo.fields.entity_id} opened no incident`);
  return incident;
}

function recover(state: SplunkOnCallState, demo: DemoAlert, at: number): void {
  ingestAlert(state, demo.routingKey, { ...demo.fields, message_type: 'RECOVERY', state_message: 'Recovered' }, at);
}

/** The open demo queue: per team two triggered, one acknowledged, one recently resolved incident. */
export function seedOpenIncidents(state: SplunkOnCallState, random: Random): void {
  const start = state.now();
  for (const alerts of DEMO_ALERTS) {
    const [first, second, third, fourth] = alerts;
    if (!first || !second || !third || !fourth) throw new Error('Each demo team needs four alerts');
    trigger(state, fourth, start - 3 * HOUR - random.int(0, 30) * MINUTE);
    recover(state, fourth, start - 2 * HOUR + random.int(0, 30) * MINUTE);
    const acked = trigger(state, third, start - 50 * MINUTE - random.int(0, 10) * MINUTE);
    state.acknowledge(
      acked,
      { user: acked.pagedUsers[0] ?? 'isabel.moreno', message: random.pick(ACK_MESSAGES) },
      acked.startTime + 5 * MINUTE,
    );
    trigger(state, second, start - 17 * MINUTE - random.int(0, 5) * MINUTE);
    trigger(state, first, start - 4 * MINUTE - random.int(0, 60_000));
  }
}

/** A draw from a log-normal distribution with the given median. */
function logNormal(random: Random, median: number, sigma = 0.7): number {
  const u = Math.max(random.next(), 1e-9);
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
  return median * Math.exp(sigma * normal);
}

/** Resolved incidents over `days` days before start, oldest first (so numbers rise with time). */
export function seedIncidentHistory(state: SplunkOnCallState, random: Random, days: number): void {
  const start = state.now();
  const planned: { demo: DemoAlert; at: number }[] = [];
  for (let day = days; day >= 1; day -= 1) {
    const dayStart = Math.floor((start - day * DAY) / DAY) * DAY;
    for (const alerts of DEMO_ALERTS) {
      for (let count = random.int(0, 3); count > 0; count -= 1) {
        const hour = random.chance(0.8) ? random.int(8, 19) : random.pick([0, 2, 4, 6, 21, 23]);
        planned.push({ demo: random.pick(alerts), at: dayStart + hour * HOUR + random.int(0, HOUR - 1) });
      }
    }
  }
  planned.sort((a, b) => a.at - b.at);
  for (const { demo, at } of planned) {
    const latest = start - QUIET_BEFORE_START_MS;
    if (at >= latest - 2 * MINUTE) continue;
    const incident = trigger(state, demo, at);
    const resolveAt = Math.min(latest, at + Math.max(2 * MINUTE, Math.round(logNormal(random, 45 * MINUTE))));
    if (random.chance(0.12)) {
      // Cleared by itself before anyone acknowledged.
      recover(state, demo, Math.min(resolveAt, at + Math.round(logNormal(random, 6 * MINUTE))));
      continue;
    }
    const ackAt = Math.max(at + 1000, Math.min(resolveAt - 1000, at + Math.round(logNormal(random, 4 * MINUTE))));
    const responder = incident.pagedUsers[0] ?? 'isabel.moreno';
    state.acknowledge(incident, { user: responder, message: random.pick(ACK_MESSAGES) }, ackAt);
    if (random.chance(0.6)) recover(state, demo, resolveAt);
    else state.resolve(incident, { user: responder, message: random.pick(RESOLVE_MESSAGES) }, resolveAt);
  }
}
