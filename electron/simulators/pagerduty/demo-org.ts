/**
 * The demo organisation the simulator starts with: teams, people with contact methods,
 * on-call schedules, escalation policies, priorities and services of three kinds
 * (digital services, COTS applications, foundational systems), each with one Events
 * API v2 integration. A large org (serviceCount above the hand-written 17) adds curated
 * services ("Oracle EBS", "Edge Proxy EU") and generated ones ("Returns API", "Inventory
 * Sync") with the teams that own them. Each service's spec says which alerts it raises.
 * Deterministic for a given PRNG seed and start time.
 */
import type { IdFactory, Random } from './random';
import type {
  EscalationPolicyRecord,
  PriorityRecord,
  ScheduleRecord,
  ServiceKind,
  ServiceRecord,
  TeamRecord,
  UrgencyRule,
  UserRecord,
} from './types';

export interface DemoOrg {
  teams: TeamRecord[];
  users: UserRecord[];
  schedules: ScheduleRecord[];
  escalationPolicies: EscalationPolicyRecord[];
  services: ServiceRecord[];
  priorities: PriorityRecord[];
  /** The user behind /users/me: the demo on-call developer. */
  meUserId: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

const TEAMS: { name: string; description: string; people: string[] }[] = [
  {
    name: 'Payments',
    description: 'Owns the payments API, card processing and payouts',
    people: ['Dana Developer', 'Priya Patel', 'Marcus Chen'],
  },
  { name: 'Checkout', description: 'Owns the checkout web app and cart', people: ['Olivia Martin', 'Sam Okafor'] },
  { name: 'Identity', description: 'Owns sign-in, accounts and the directory integration', people: ['Lena Fischer', 'Tom Becker'] },
  { name: 'Search', description: 'Owns product search and indexing', people: ['Ravi Kumar', 'Emma Wilson'] },
  { name: 'Mobile Platform', description: 'Owns the mobile backend and push notifications', people: ['Jonas Berg', 'Aisha Rahman'] },
  {
    name: 'Database Administration',
    description: 'Specialists: Oracle and PostgreSQL platforms, backups and restores',
    people: ['Victor Alvarez', 'Mei Tanaka', 'Hugo Laurent'],
  },
  {
    name: 'Network Engineering',
    description: 'Specialists: core network, firewalls, load balancers and the Kubernetes platform',
    people: ['Noah Schmidt', 'Fatima Zahra'],
  },
  {
    name: 'Incident Management',
    description: 'Major incident managers and the ITSM tooling',
    people: ['Isabel Moreno', 'Kenji Watanabe', 'Alex Admin'],
  },
];

const JOB_TITLES: Record<string, string> = {
  'Dana Developer': 'Software Engineer (on call)',
  'Alex Admin': 'PagerDuty Administrator',
  'Isabel Moreno': 'Major Incident Manager',
  'Kenji Watanabe': 'Major Incident Manager',
  'Victor Alvarez': 'Database Administrator',
  'Mei Tanaka': 'Database Administrator',
  'Hugo Laurent': 'Database Administrator',
  'Noah Schmidt': 'Network Engineer',
  'Fatima Zahra': 'Network Engineer',
};

const TEAM_JOB_TITLES: Record<string, string> = {
  'Enterprise Applications': 'Application Administrator',
  'Platform Engineering': 'Platform Engineer',
};

const TIME_ZONES = ['Europe/Berlin', 'Europe/London', 'America/New_York', 'Asia/Kolkata', 'Europe/Amsterdam'];
const COLORS = ['green', 'purple', 'teal', 'orange', 'red', 'cayenne', 'blue', 'plum'];

/** Which family of alert templates a service raises (see demo-alerts.ts). */
export type AlertProfileId =
  | 'payments-api'
  | 'payment-webhooks'
  | 'checkout-web'
  | 'identity'
  | 'search-api'
  | 'search-indexer'
  | 'push'
  | 'api'
  | 'web'
  | 'worker'
  | 'sync'
  | 'sap'
  | 'salesforce'
  | 'servicenow'
  | 'cots'
  | 'network'
  | 'edge-proxy'
  | 'database'
  | 'active-directory'
  | 'kubernetes'
  | 'messaging'
  | 'cache'
  | 'storage';

export type RegionCode = 'EU' | 'US' | 'APAC';

/** A demo service as written by hand: what it is, who owns it, and what its alerts talk about. */
export interface DemoServiceSpec {
  name: string;
  kind: ServiceKind;
  team: string;
  what: string;
  profile: AlertProfileId;
  urgencyRule?: UrgencyRule;
  /** Serves many customer tenants: per-tenant alerts carry `tenant` in their custom details. */
  multiTenant?: boolean;
  /** The main endpoint an API's alerts name, e.g. "POST /v1/orders". */
  endpoint?: string;
  /** The queue or topic a worker's alerts name. */
  queue?: string;
  /** The system a sync job reads from or writes to. */
  upstream?: string;
  engine?: 'oracle' | 'postgres' | 'sqlserver' | 'mongodb';
  broker?: 'kafka' | 'rabbitmq';
  /** Pinned to one region (regional deployments such as "Edge Proxy EU"). */
  region?: RegionCode;
}

const KIND_LABEL: Record<ServiceKind, string> = {
  digital: 'Digital service',
  cots: 'COTS application',
  foundational: 'Foundational system',
};

const CONSTANT_HIGH: UrgencyRule = { type: 'constant', urgency: 'high' };
const CONSTANT_LOW: UrgencyRule = { type: 'constant', urgency: 'low' };

/** The hand-written demo services; the kind is also the first words of each description. */
export const DEMO_SERVICES: readonly DemoServiceSpec[] = [
  {
    name: 'Payments API',
    kind: 'digital',
    team: 'Payments',
    what: 'card payments, refunds and payouts',
    profile: 'payments-api',
    multiTenant: true,
  },
  {
    name: 'Payment Webhooks',
    kind: 'digital',
    team: 'Payments',
    what: 'webhook delivery to merchants',
    profile: 'payment-webhooks',
    multiTenant: true,
  },
  { name: 'Checkout Web', kind: 'digital', team: 'Checkout', what: 'the web checkout', profile: 'checkout-web', multiTenant: true },
  {
    name: 'Cart Service',
    kind: 'digital',
    team: 'Checkout',
    what: 'shopping carts and promotions',
    profile: 'api',
    multiTenant: true,
    endpoint: 'POST /v1/carts/{id}/items',
  },
  {
    name: 'Identity Service',
    kind: 'digital',
    team: 'Identity',
    what: 'sign-in, tokens and sessions',
    profile: 'identity',
    multiTenant: true,
  },
  { name: 'Search API', kind: 'digital', team: 'Search', what: 'product search queries', profile: 'search-api', multiTenant: true },
  {
    name: 'Search Indexer',
    kind: 'digital',
    team: 'Search',
    what: 'catalogue indexing',
    profile: 'search-indexer',
    urgencyRule: CONSTANT_LOW,
  },
  {
    name: 'Mobile Backend',
    kind: 'digital',
    team: 'Mobile Platform',
    what: 'the mobile app backend',
    profile: 'api',
    multiTenant: true,
    endpoint: 'GET /v2/app/home',
  },
  {
    name: 'Push Notifications',
    kind: 'digital',
    team: 'Mobile Platform',
    what: 'push notification delivery',
    profile: 'push',
    queue: 'push-deliveries',
  },
  { name: 'SAP ERP', kind: 'cots', team: 'Payments', what: 'finance, invoicing and the general ledger', profile: 'sap', region: 'EU' },
  { name: 'Salesforce CRM', kind: 'cots', team: 'Checkout', what: 'customer accounts and cases', profile: 'salesforce' },
  { name: 'ServiceNow', kind: 'cots', team: 'Incident Management', what: 'the IT service management platform', profile: 'servicenow' },
  {
    name: 'Core Network',
    kind: 'foundational',
    team: 'Network Engineering',
    what: 'data centre switching, routing and firewalls',
    profile: 'network',
    urgencyRule: CONSTANT_HIGH,
  },
  {
    name: 'Oracle Database Cluster',
    kind: 'foundational',
    team: 'Database Administration',
    what: 'the shared Oracle RAC cluster',
    profile: 'database',
    engine: 'oracle',
    region: 'EU',
  },
  {
    name: 'PostgreSQL Platform',
    kind: 'foundational',
    team: 'Database Administration',
    what: 'managed PostgreSQL for product teams',
    profile: 'database',
    engine: 'postgres',
  },
  {
    name: 'Active Directory',
    kind: 'foundational',
    team: 'Identity',
    what: 'the corporate directory and domain controllers',
    profile: 'active-directory',
  },
  {
    name: 'Kubernetes Platform',
    kind: 'foundational',
    team: 'Network Engineering',
    what: 'the shared Kubernetes clusters',
    profile: 'kubernetes',
  },
];

/** Teams that only exist in a large organisation, owning the generated services. */
const EXTRA_TEAMS: { name: string; description: string; people: string[] }[] = [
  {
    name: 'Orders & Fulfilment',
    description: 'Owns orders, stock, shipping and returns',
    people: ['Chloe Dubois', 'Mateo Rossi', 'Hannah Kim'],
  },
  {
    name: 'Customer Engagement',
    description: 'Owns loyalty, promotions, messaging and customer profiles',
    people: ['Liam Byrne', 'Sofia Almeida'],
  },
  {
    name: 'Merchant Platform',
    description: 'Owns merchant onboarding, invoicing, payouts and the partner API',
    people: ['Yusuf Demir', 'Grace Liu'],
  },
  { name: 'Data Platform', description: 'Owns event pipelines, reporting and exports', people: ['Oskar Nilsson', 'Zara Ahmed'] },
  {
    name: 'Enterprise Applications',
    description: 'Runs the bought-in business applications and their integrations',
    people: ['Ingrid Larsen', 'Daniel Okoye', 'Paula Novak'],
  },
  {
    name: 'Platform Engineering',
    description: 'Specialists: Kafka, Redis, storage, backups and the regional clusters',
    people: ['Felix Wagner', 'Nora Svensson'],
  },
];

/** Hand-picked extra services, mixed by kind so that a medium org gets some of each. */
const CURATED_EXTRA_SERVICES: readonly DemoServiceSpec[] = [
  {
    name: 'Orders Service',
    kind: 'digital',
    team: 'Orders & Fulfilment',
    what: 'order capture and order state',
    profile: 'api',
    multiTenant: true,
    endpoint: 'POST /v1/orders',
  },
  {
    name: 'Oracle EBS',
    kind: 'cots',
    team: 'Enterprise Applications',
    what: 'Oracle E-Business Suite for procurement and payables',
    profile: 'cots',
    region: 'EU',
  },
  {
    name: 'Edge Proxy EU',
    kind: 'foundational',
    team: 'Network Engineering',
    what: 'the EU edge proxies and TLS termination',
    profile: 'edge-proxy',
    region: 'EU',
    urgencyRule: CONSTANT_HIGH,
  },
  {
    name: 'Loyalty API',
    kind: 'digital',
    team: 'Customer Engagement',
    what: 'loyalty points and rewards',
    profile: 'api',
    multiTenant: true,
    endpoint: 'POST /v1/points/redeem',
  },
  {
    name: 'Inventory Sync',
    kind: 'digital',
    team: 'Orders & Fulfilment',
    what: 'stock levels from the ERP to the shop',
    profile: 'sync',
    upstream: 'SAP ERP',
  },
  {
    name: 'Kafka Platform',
    kind: 'foundational',
    team: 'Platform Engineering',
    what: 'the shared Kafka clusters',
    profile: 'messaging',
    broker: 'kafka',
  },
  { name: 'Workday HCM', kind: 'cots', team: 'Enterprise Applications', what: 'HR, payroll and time tracking', profile: 'cots' },
  {
    name: 'Merchant Portal',
    kind: 'digital',
    team: 'Merchant Platform',
    what: 'the merchant self-service portal',
    profile: 'web',
    multiTenant: true,
  },
  {
    name: 'Edge Proxy US',
    kind: 'foundational',
    team: 'Network Engineering',
    what: 'the US edge proxies and TLS termination',
    profile: 'edge-proxy',
    region: 'US',
    urgencyRule: CONSTANT_HIGH,
  },
  {
    name: 'Order Events Worker',
    kind: 'digital',
    team: 'Orders & Fulfilment',
    what: 'order event fan-out',
    profile: 'worker',
    queue: 'order-events',
  },
  {
    name: 'Redis Platform',
    kind: 'foundational',
    team: 'Platform Engineering',
    what: 'managed Redis for caches and sessions',
    profile: 'cache',
  },
  { name: 'Manhattan WMS', kind: 'cots', team: 'Enterprise Applications', what: 'warehouse management', profile: 'cots', region: 'US' },
  {
    name: 'Fraud Scoring',
    kind: 'digital',
    team: 'Payments',
    what: 'real-time fraud scores for payments',
    profile: 'api',
    multiTenant: true,
    endpoint: 'POST /v1/score',
  },
  {
    name: 'Ledger Database',
    kind: 'foundational',
    team: 'Database Administration',
    what: 'the Oracle database behind the ledger',
    profile: 'database',
    engine: 'oracle',
    region: 'EU',
  },
  {
    name: 'Promotions Engine',
    kind: 'digital',
    team: 'Customer Engagement',
    what: 'discount and voucher evaluation',
    profile: 'api',
    multiTenant: true,
    endpoint: 'POST /v1/promotions/evaluate',
  },
  { name: 'Zendesk Support', kind: 'cots', team: 'Enterprise Applications', what: 'customer support tickets', profile: 'cots' },
  {
    name: 'Edge Proxy APAC',
    kind: 'foundational',
    team: 'Network Engineering',
    what: 'the APAC edge proxies and TLS termination',
    profile: 'edge-proxy',
    region: 'APAC',
    urgencyRule: CONSTANT_HIGH,
  },
  {
    name: 'Payout Scheduler',
    kind: 'digital',
    team: 'Merchant Platform',
    what: 'scheduled merchant payouts',
    profile: 'worker',
    multiTenant: true,
    queue: 'payout-batches',
  },
  {
    name: 'Orders Database',
    kind: 'foundational',
    team: 'Database Administration',
    what: 'the PostgreSQL cluster behind orders',
    profile: 'database',
    engine: 'postgres',
  },
  { name: 'SAP BW', kind: 'cots', team: 'Enterprise Applications', what: 'the finance data warehouse', profile: 'sap', region: 'EU' },
  {
    name: 'Tax Calculation',
    kind: 'digital',
    team: 'Merchant Platform',
    what: 'sales tax and VAT quotes',
    profile: 'api',
    multiTenant: true,
    endpoint: 'POST /v1/tax/quote',
  },
  {
    name: 'Kubernetes Platform US',
    kind: 'foundational',
    team: 'Platform Engineering',
    what: 'the US Kubernetes clusters',
    profile: 'kubernetes',
    region: 'US',
  },
  {
    name: 'Clickstream Pipeline',
    kind: 'digital',
    team: 'Data Platform',
    what: 'web and app event ingestion',
    profile: 'worker',
    queue: 'clickstream-raw',
  },
  {
    name: 'Microsoft Dynamics 365',
    kind: 'cots',
    team: 'Enterprise Applications',
    what: 'B2B sales and account management',
    profile: 'cots',
  },
  {
    name: 'WAN Links',
    kind: 'foundational',
    team: 'Network Engineering',
    what: 'links between data centres and stores',
    profile: 'network',
    urgencyRule: CONSTANT_HIGH,
  },
  {
    name: 'Customer Profile API',
    kind: 'digital',
    team: 'Customer Engagement',
    what: 'customer accounts and preferences',
    profile: 'api',
    multiTenant: true,
    endpoint: 'GET /v1/customers/{id}',
  },
  {
    name: 'Currency Rates Sync',
    kind: 'digital',
    team: 'Merchant Platform',
    what: 'exchange rates for pricing and settlement',
    profile: 'sync',
    upstream: 'ECB reference rates',
  },
  {
    name: 'SQL Server Cluster',
    kind: 'foundational',
    team: 'Database Administration',
    what: 'SQL Server Always On for COTS applications',
    profile: 'database',
    engine: 'sqlserver',
    region: 'EU',
  },
  { name: 'Adobe Experience Manager', kind: 'cots', team: 'Enterprise Applications', what: 'marketing content', profile: 'cots' },
  {
    name: 'Shipping Rates API',
    kind: 'digital',
    team: 'Orders & Fulfilment',
    what: 'carrier rates at checkout',
    profile: 'api',
    multiTenant: true,
    endpoint: 'POST /v1/rates',
  },
  {
    name: 'RabbitMQ Cluster',
    kind: 'foundational',
    team: 'Platform Engineering',
    what: 'message queues for legacy integrations',
    profile: 'messaging',
    broker: 'rabbitmq',
  },
  {
    name: 'Reporting API',
    kind: 'digital',
    team: 'Data Platform',
    what: 'merchant reports',
    profile: 'api',
    multiTenant: true,
    endpoint: 'GET /v1/reports/{id}',
  },
  {
    name: 'Informatica PowerCenter',
    kind: 'cots',
    team: 'Enterprise Applications',
    what: 'ETL into the finance warehouse',
    profile: 'cots',
  },
  { name: 'Backup Platform', kind: 'foundational', team: 'Platform Engineering', what: 'database and file backups', profile: 'storage' },
  {
    name: 'Email Delivery',
    kind: 'digital',
    team: 'Customer Engagement',
    what: 'transactional email',
    profile: 'worker',
    multiTenant: true,
    queue: 'email-outbound',
  },
  { name: 'Jira Service Management', kind: 'cots', team: 'Incident Management', what: 'service requests for internal IT', profile: 'cots' },
  {
    name: 'Session Store',
    kind: 'foundational',
    team: 'Platform Engineering',
    what: 'the Redis cluster behind sign-in sessions',
    profile: 'cache',
  },
  {
    name: 'Product Feed Sync',
    kind: 'digital',
    team: 'Search',
    what: 'product data from the PIM',
    profile: 'sync',
    upstream: 'Akeneo PIM',
  },
  {
    name: 'Object Storage',
    kind: 'foundational',
    team: 'Platform Engineering',
    what: 'S3-compatible storage in the data centres',
    profile: 'storage',
  },
  {
    name: 'MongoDB Platform',
    kind: 'foundational',
    team: 'Database Administration',
    what: 'managed MongoDB for product teams',
    profile: 'database',
    engine: 'mongodb',
  },
  {
    name: 'Kubernetes Platform APAC',
    kind: 'foundational',
    team: 'Platform Engineering',
    what: 'the APAC Kubernetes clusters',
    profile: 'kubernetes',
    region: 'APAC',
  },
  {
    name: 'Firewall Cluster DC2',
    kind: 'foundational',
    team: 'Network Engineering',
    what: 'the second data centre perimeter firewalls',
    profile: 'network',
    region: 'EU',
  },
  { name: 'Coupa Procurement', kind: 'cots', team: 'Enterprise Applications', what: 'purchasing and supplier invoices', profile: 'cots' },
  { name: 'Tableau Server', kind: 'cots', team: 'Data Platform', what: 'business dashboards', profile: 'cots' },
  {
    name: 'MuleSoft Anypoint',
    kind: 'cots',
    team: 'Enterprise Applications',
    what: 'the integration platform between ERP, CRM and the shop',
    profile: 'cots',
  },
  {
    name: 'SAP SuccessFactors',
    kind: 'cots',
    team: 'Enterprise Applications',
    what: 'recruiting and performance reviews',
    profile: 'cots',
  },
  {
    name: 'Genesys Contact Centre',
    kind: 'cots',
    team: 'Enterprise Applications',
    what: 'telephony for customer support',
    profile: 'cots',
  },
];

type RoleKey = 'api' | 'service' | 'worker' | 'sync' | 'web' | 'scheduler' | 'consumer';

/** Roles a generated service plays: the suffix of its name and the alerts it raises. */
const ROLES: Record<RoleKey, { suffix: string; profile: AlertProfileId; what: string }> = {
  api: { suffix: 'API', profile: 'api', what: 'the public API' },
  service: { suffix: 'Service', profile: 'api', what: 'the internal service' },
  worker: { suffix: 'Worker', profile: 'worker', what: 'background jobs' },
  sync: { suffix: 'Sync', profile: 'sync', what: 'data sync' },
  web: { suffix: 'Web', profile: 'web', what: 'the web front end' },
  scheduler: { suffix: 'Scheduler', profile: 'worker', what: 'scheduled jobs' },
  consumer: { suffix: 'Events Consumer', profile: 'worker', what: 'event processing' },
};
const ROLE_ORDER: readonly RoleKey[] = ['api', 'service', 'worker', 'sync', 'web', 'scheduler', 'consumer'];

/** Business domains for generated digital services, each with the roles that make sense for it. */
const DOMAINS: readonly {
  word: string;
  team: string;
  multiTenant: boolean;
  resource: string;
  upstream: string;
  roles: readonly RoleKey[];
}[] = [
  {
    word: 'Returns',
    team: 'Orders & Fulfilment',
    multiTenant: true,
    resource: 'returns',
    upstream: 'Manhattan WMS',
    roles: ['api', 'worker', 'web'],
  },
  {
    word: 'Subscriptions',
    team: 'Merchant Platform',
    multiTenant: true,
    resource: 'subscriptions',
    upstream: 'SAP ERP',
    roles: ['api', 'scheduler', 'consumer'],
  },
  { word: 'Gift Cards', team: 'Payments', multiTenant: true, resource: 'gift-cards', upstream: 'SAP ERP', roles: ['api', 'sync'] },
  {
    word: 'Recommendations',
    team: 'Search',
    multiTenant: true,
    resource: 'recommendations',
    upstream: 'Akeneo PIM',
    roles: ['api', 'worker'],
  },
  {
    word: 'Reviews',
    team: 'Customer Engagement',
    multiTenant: true,
    resource: 'reviews',
    upstream: 'Bazaarvoice',
    roles: ['service', 'sync'],
  },
  {
    word: 'Pricing',
    team: 'Merchant Platform',
    multiTenant: true,
    resource: 'prices',
    upstream: 'SAP ERP',
    roles: ['api', 'sync', 'consumer'],
  },
  {
    word: 'Delivery Tracking',
    team: 'Orders & Fulfilment',
    multiTenant: true,
    resource: 'shipments',
    upstream: 'the DHL and UPS APIs',
    roles: ['api', 'sync', 'web'],
  },
  {
    word: 'Invoicing',
    team: 'Merchant Platform',
    multiTenant: true,
    resource: 'invoices',
    upstream: 'SAP ERP',
    roles: ['api', 'worker', 'scheduler'],
  },
  { word: 'Refunds', team: 'Payments', multiTenant: true, resource: 'refunds', upstream: 'the acquirer', roles: ['service', 'worker'] },
  { word: 'Catalog', team: 'Search', multiTenant: true, resource: 'products', upstream: 'Akeneo PIM', roles: ['api', 'sync', 'consumer'] },
  {
    word: 'Stock Reservation',
    team: 'Orders & Fulfilment',
    multiTenant: false,
    resource: 'reservations',
    upstream: 'Manhattan WMS',
    roles: ['service', 'consumer'],
  },
  { word: 'Consent', team: 'Identity', multiTenant: true, resource: 'consents', upstream: 'OneTrust', roles: ['api', 'sync'] },
  {
    word: 'Notifications',
    team: 'Customer Engagement',
    multiTenant: true,
    resource: 'notifications',
    upstream: 'Twilio',
    roles: ['api', 'worker', 'scheduler'],
  },
  {
    word: 'Merchant Onboarding',
    team: 'Merchant Platform',
    multiTenant: true,
    resource: 'merchants',
    upstream: 'Salesforce CRM',
    roles: ['api', 'worker', 'web'],
  },
  { word: 'Store Locator', team: 'Checkout', multiTenant: false, resource: 'stores', upstream: 'Google Places', roles: ['api', 'sync'] },
  {
    word: 'Wishlist',
    team: 'Customer Engagement',
    multiTenant: true,
    resource: 'wishlists',
    upstream: 'Salesforce CRM',
    roles: ['service'],
  },
  { word: 'Audit Log', team: 'Identity', multiTenant: true, resource: 'audit-events', upstream: 'Splunk', roles: ['api', 'consumer'] },
  {
    word: 'Data Export',
    team: 'Data Platform',
    multiTenant: true,
    resource: 'exports',
    upstream: 'Snowflake',
    roles: ['api', 'worker', 'scheduler'],
  },
  {
    word: 'Media',
    team: 'Data Platform',
    multiTenant: false,
    resource: 'media',
    upstream: 'Adobe Experience Manager',
    roles: ['service', 'worker'],
  },
  {
    word: 'Supplier',
    team: 'Orders & Fulfilment',
    multiTenant: false,
    resource: 'suppliers',
    upstream: 'Coupa Procurement',
    roles: ['api', 'sync', 'web'],
  },
  { word: 'Payouts', team: 'Merchant Platform', multiTenant: true, resource: 'payouts', upstream: 'SAP ERP', roles: ['api', 'consumer'] },
  { word: 'Address Validation', team: 'Checkout', multiTenant: false, resource: 'addresses/validate', upstream: 'Loqate', roles: ['api'] },
  {
    word: 'Marketplace',
    team: 'Merchant Platform',
    multiTenant: true,
    resource: 'listings',
    upstream: 'Mirakl',
    roles: ['api', 'sync', 'web'],
  },
  { word: 'Feature Flags', team: 'Mobile Platform', multiTenant: false, resource: 'flags', upstream: 'LaunchDarkly', roles: ['service'] },
  {
    word: 'Orders',
    team: 'Orders & Fulfilment',
    multiTenant: true,
    resource: 'orders',
    upstream: 'SAP ERP',
    roles: ['api', 'sync', 'consumer', 'web'],
  },
  {
    word: 'Loyalty',
    team: 'Customer Engagement',
    multiTenant: true,
    resource: 'points',
    upstream: 'Salesforce CRM',
    roles: ['worker', 'web', 'sync'],
  },
  {
    word: 'Inventory',
    team: 'Orders & Fulfilment',
    multiTenant: false,
    resource: 'inventory',
    upstream: 'Manhattan WMS',
    roles: ['api', 'consumer', 'scheduler'],
  },
  { word: 'Fraud', team: 'Payments', multiTenant: true, resource: 'fraud/cases', upstream: 'Sift', roles: ['worker', 'web', 'consumer'] },
  {
    word: 'Customer Support',
    team: 'Customer Engagement',
    multiTenant: true,
    resource: 'tickets',
    upstream: 'Zendesk Support',
    roles: ['web', 'sync'],
  },
  { word: 'Search Suggestions', team: 'Search', multiTenant: true, resource: 'suggest', upstream: 'Akeneo PIM', roles: ['api', 'worker'] },
  { word: 'Checkout Risk', team: 'Checkout', multiTenant: true, resource: 'risk/assess', upstream: 'Sift', roles: ['service'] },
  {
    word: 'Warehouse Picking',
    team: 'Orders & Fulfilment',
    multiTenant: false,
    resource: 'picks',
    upstream: 'Manhattan WMS',
    roles: ['api', 'consumer'],
  },
  {
    word: 'Settlement',
    team: 'Payments',
    multiTenant: true,
    resource: 'settlements',
    upstream: 'the acquirer',
    roles: ['worker', 'scheduler', 'sync'],
  },
  { word: 'Mobile Config', team: 'Mobile Platform', multiTenant: false, resource: 'app-config', upstream: 'LaunchDarkly', roles: ['api'] },
  { word: 'Partner', team: 'Merchant Platform', multiTenant: true, resource: 'partner', upstream: 'Salesforce CRM', roles: ['api', 'web'] },
  { word: 'Reporting', team: 'Data Platform', multiTenant: true, resource: 'reports', upstream: 'Snowflake', roles: ['web', 'scheduler'] },
];

const REGIONAL_SUFFIXES: readonly RegionCode[] = ['EU', 'US', 'APAC'];

const specsByName = new Map<string, DemoServiceSpec>();
for (const spec of DEMO_SERVICES) specsByName.set(spec.name, spec);

/**
 * The hand-written spec behind a demo service (its alert profile, tenants, hints), by name.
 * Services the demo did not build get a generic spec for their kind.
 */
export function demoServiceSpec(service: Pick<ServiceRecord, 'name' | 'kind'>): DemoServiceSpec {
  const known = specsByName.get(service.name);
  if (known) return known;
  const profile: AlertProfileId = service.kind === 'digital' ? 'api' : service.kind === 'cots' ? 'cots' : 'kubernetes';
  return { name: service.name, kind: service.kind, team: '', what: service.name, profile };
}

const PRIORITIES: readonly [string, string][] = [
  ['P1', 'Critical: a major incident affecting many customers; engage incident management'],
  ['P2', 'High: a critical system is degraded for many customers'],
  ['P3', 'Moderate: partial outage or a minor customer impact that needs attention now'],
  ['P4', 'Low: a minor issue that needs action but does not stop customers'],
  ['P5', 'Informational: cosmetic issues or bugs with no customer impact'],
];

function emailFor(name: string): string {
  return `${name
    .toLowerCase()
    .replace(/[^a-z ]/g, '')
    .trim()
    .replace(/\s+/g, '.')}@example.com`;
}

function startOfUtcDay(at: number): number {
  return Math.floor(at / DAY_MS) * DAY_MS;
}

/** Builds the demo organisation. `serviceCount` trims or extends the hand-written services. */
export function buildDemoOrg(ids: IdFactory, random: Random, startedAt: number, serviceCount?: number): DemoOrg {
  const teams: TeamRecord[] = [];
  const users: UserRecord[] = [];
  const teamIdByName = new Map<string, string>();
  const membersByTeam = new Map<string, string[]>();
  const templates = serviceTemplates(serviceCount);
  const usedTeams = new Set(templates.map((template) => template.team));
  const teamSpecs = [...TEAMS, ...EXTRA_TEAMS.filter((team) => usedTeams.has(team.name))];

  for (const [index, spec] of teamSpecs.entries()) {
    const team: TeamRecord = { id: ids.short(), name: spec.name, description: spec.description };
    teams.push(team);
    teamIdByName.set(spec.name, team.id);
    const members: string[] = [];
    for (const person of spec.people) {
      const email = emailFor(person);
      const phone = `+1555${String(random.int(1000000, 9999999))}`;
      const user: UserRecord = {
        id: ids.short(),
        name: person,
        email,
        timeZone: TIME_ZONES[(users.length + index) % TIME_ZONES.length] ?? 'UTC',
        color: COLORS[users.length % COLORS.length] ?? 'green',
        role: person === 'Alex Admin' ? 'owner' : spec.name === 'Incident Management' ? 'admin' : 'user',
        jobTitle: JOB_TITLES[person] ?? TEAM_JOB_TITLES[spec.name] ?? 'Software Engineer',
        teamIds: [team.id],
        contactMethods: [
          { id: ids.short(), type: 'email_contact_method', label: 'Work', address: email },
          { id: ids.short(), type: 'phone_contact_method', label: 'Mobile', address: phone.slice(2), countryCode: 1 },
          { id: ids.short(), type: 'sms_contact_method', label: 'Mobile', address: phone.slice(2), countryCode: 1 },
          { id: ids.short(), type: 'push_notification_contact_method', label: 'Phone app', address: `device-${random.hex(12)}` },
        ],
      };
      users.push(user);
      members.push(user.id);
    }
    membersByTeam.set(team.id, members);
  }

  const rotationStart = startOfUtcDay(startedAt);
  const schedules: ScheduleRecord[] = [];
  const escalationPolicies: EscalationPolicyRecord[] = [];
  const incidentManagementId = teamIdByName.get('Incident Management') ?? '';
  const incidentManagers = (membersByTeam.get(incidentManagementId) ?? []).filter(
    (id) => users.find((user) => user.id === id)?.name !== 'Alex Admin',
  );
  const adminId = users.find((user) => user.name === 'Alex Admin')?.id ?? '';

  const imSchedule: ScheduleRecord = {
    id: ids.short(),
    name: 'Incident Managers',
    description: 'Weekly major incident manager rotation',
    timeZone: 'Europe/London',
    userIds: incidentManagers,
    rotationStart,
    shiftMs: 7 * DAY_MS,
    offset: 0,
    teamIds: [incidentManagementId],
  };
  const imBackup: ScheduleRecord = {
    ...imSchedule,
    id: ids.short(),
    name: 'Incident Managers Backup',
    description: 'Weekly backup major incident manager rotation',
    offset: 1,
  };
  schedules.push(imSchedule, imBackup);
  const imPolicy: EscalationPolicyRecord = {
    id: ids.short(),
    name: 'Incident Managers',
    description: 'Pages the major incident manager on duty, then the backup, then the PagerDuty administrator',
    teamIds: [incidentManagementId],
    numLoops: 2,
    rules: [
      { id: ids.short(), delayMinutes: 15, targets: [{ type: 'schedule', id: imSchedule.id }] },
      { id: ids.short(), delayMinutes: 15, targets: [{ type: 'schedule', id: imBackup.id }] },
      { id: ids.short(), delayMinutes: 30, targets: [{ type: 'user', id: adminId }] },
    ],
  };

  const policyByTeam = new Map<string, string>();
  for (const team of teams) {
    if (team.id === incidentManagementId) {
      policyByTeam.set(team.id, imPolicy.id);
      continue;
    }
    const members = membersByTeam.get(team.id) ?? [];
    const primary: ScheduleRecord = {
      id: ids.short(),
      name: `${team.name} Primary`,
      description: `Daily primary on-call rotation for ${team.name}`,
      timeZone: 'UTC',
      userIds: members,
      rotationStart,
      shiftMs: DAY_MS,
      offset: 0,
      teamIds: [team.id],
    };
    const secondary: ScheduleRecord = {
      ...primary,
      id: ids.short(),
      name: `${team.name} Secondary`,
      description: `Daily secondary on-call rotation for ${team.name}`,
      offset: 1,
    };
    schedules.push(primary, secondary);
    const policy: EscalationPolicyRecord = {
      id: ids.short(),
      name: `${team.name} Escalation Policy`,
      description: `${team.name} primary, then secondary, then the incident manager on duty`,
      teamIds: [team.id],
      numLoops: 1,
      rules: [
        { id: ids.short(), delayMinutes: 15, targets: [{ type: 'schedule', id: primary.id }] },
        { id: ids.short(), delayMinutes: 15, targets: [{ type: 'schedule', id: secondary.id }] },
        { id: ids.short(), delayMinutes: 30, targets: [{ type: 'schedule', id: imSchedule.id }] },
      ],
    };
    escalationPolicies.push(policy);
    policyByTeam.set(team.id, policy.id);
  }
  escalationPolicies.push(imPolicy);

  const services: ServiceRecord[] = templates.map((template, index) => {
    const teamId = teamIdByName.get(template.team) ?? teams[0]?.id ?? '';
    return {
      id: ids.short(),
      name: template.name,
      description: `${KIND_LABEL[template.kind]}: ${template.what}`,
      kind: template.kind,
      teamIds: [teamId],
      escalationPolicyId: policyByTeam.get(teamId) ?? imPolicy.id,
      integration: { id: ids.short(), name: 'Events API V2', key: ids.key32() },
      urgencyRule: template.urgencyRule ?? { type: 'constant', urgency: 'severity_based' },
      createdAt: startedAt - 400 * DAY_MS + index * 60_000,
      acknowledgementTimeout: template.kind === 'digital' ? 1800 : null,
      autoResolveTimeout: template.kind === 'cots' ? 14400 : null,
    };
  });

  const priorities: PriorityRecord[] = PRIORITIES.map(([name, description]) => ({ id: ids.short(), name, description }));
  const me = users.find((user) => user.name === 'Dana Developer');
  if (!me) throw new Error('The demo organisation lost its on-call developer');
  return { teams, users, schedules, escalationPolicies, services, priorities, meUserId: me.id };
}

/** The hand-written services, trimmed to `serviceCount` or grown with curated and generated ones. */
function serviceTemplates(serviceCount: number | undefined): DemoServiceSpec[] {
  const wanted = serviceCount === undefined ? DEMO_SERVICES.length : Math.max(1, Math.floor(serviceCount));
  const templates = DEMO_SERVICES.slice(0, wanted);
  if (templates.length === wanted) return templates;
  const names = new Set(templates.map((template) => template.name));
  const add = (spec: DemoServiceSpec): void => {
    if (templates.length >= wanted || names.has(spec.name)) return;
    names.add(spec.name);
    templates.push(spec);
    if (!specsByName.has(spec.name)) specsByName.set(spec.name, spec);
  };
  for (const spec of CURATED_EXTRA_SERVICES) add(spec);
  for (const role of ROLE_ORDER) {
    for (const domain of DOMAINS) if (domain.roles.includes(role)) add(generatedSpec(domain, role, undefined));
  }
  // Beyond the catalogue: regional deployments of the generated APIs, then numbered copies.
  for (const region of REGIONAL_SUFFIXES) {
    for (const domain of DOMAINS) if (domain.roles.includes('api')) add(generatedSpec(domain, 'api', region));
  }
  for (let copy = 2; templates.length < wanted; copy += 1) {
    for (const base of templates.slice(0, DEMO_SERVICES.length + CURATED_EXTRA_SERVICES.length)) {
      add({ ...base, name: `${base.name} ${copy}` });
    }
  }
  return templates;
}

function generatedSpec(domain: (typeof DOMAINS)[number], roleKey: RoleKey, region: RegionCode | undefined): DemoServiceSpec {
  const role = ROLES[roleKey];
  const method = role.suffix === 'API' ? 'GET' : 'POST';
  return {
    name: region ? `${domain.word} ${role.suffix} ${region}` : `${domain.word} ${role.suffix}`,
    kind: 'digital',
    team: domain.team,
    what: `${domain.word.toLowerCase()}: ${role.what}${region ? ` (${region} deployment)` : ''}`,
    profile: role.profile,
    multiTenant: domain.multiTenant,
    endpoint: `${method} /v1/${domain.resource}`,
    queue: `${domain.resource.replace(/[^a-z]+/g, '-')}-${role.profile === 'sync' ? 'sync' : 'jobs'}`,
    upstream: domain.upstream,
    ...(region ? { region } : {}),
  };
}
