// The demo data generators: alert content (urgency mix, tenants, https links) and the organisation's shape.
import { describe, expect, it } from 'vitest';
import { demoAlert } from '../../../../electron/simulators/pagerduty/demo-alerts';
import { buildDemoOrg, DEMO_SERVICES } from '../../../../electron/simulators/pagerduty/demo-org';
import { IdFactory, Random } from '../../../../electron/simulators/pagerduty/random';

const at = Date.UTC(2026, 0, 1, 12, 0, 0);

describe('demoAlert', () => {
  it('makes about 30% of alerts critical or error (high urgency) and links to https dashboards and runbooks', () => {
    const random = new Random(99);
    const org = buildDemoOrg(new IdFactory(random), random, at);
    const samples = Array.from({ length: 3000 }, (_, index) => demoAlert(random, org.services[index % org.services.length]!));
    const high = samples.filter((alert) => alert.severity === 'critical' || alert.severity === 'error').length / samples.length;
    expect(high).toBeGreaterThan(0.25);
    expect(high).toBeLessThan(0.35);
    for (const alert of samples.slice(0, 200)) {
      expect(alert.details.dashboard_url).toMatch(/^https:\/\//);
      expect(alert.details.runbook_url).toMatch(/^https:\/\//);
      expect(alert.contexts.map((context) => context.type)).toEqual(['link', 'link']);
    }
    expect(samples.filter((alert) => typeof alert.details.tenant === 'string').length).toBeGreaterThan(samples.length / 2);
  });
});

describe('buildDemoOrg', () => {
  it('builds the hand-written org, or grows and trims it to serviceCount', () => {
    const make = (count?: number) => {
      const random = new Random(1);
      return buildDemoOrg(new IdFactory(random), random, at, count);
    };
    const org = make();
    expect(org.services).toHaveLength(DEMO_SERVICES.length);
    expect(org.teams).toHaveLength(8);
    expect(org.users.length).toBeGreaterThanOrEqual(18);
    expect(new Set(org.users.map((user) => user.email)).size).toBe(org.users.length);
    expect(org.users.find((user) => user.id === org.meUserId)?.name).toBe('Dana Developer');
    expect(new Set(org.services.map((service) => service.kind))).toEqual(new Set(['digital', 'cots', 'foundational']));
    expect(make(250).services).toHaveLength(250);
    expect(new Set(make(250).services.map((service) => service.name)).size).toBe(250);
    expect(make(3).services.map((service) => service.name)).toEqual(DEMO_SERVICES.slice(0, 3).map((service) => service.name));
  });
});
