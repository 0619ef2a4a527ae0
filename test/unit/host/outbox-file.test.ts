import { describe, expect, it } from 'vitest';
import { outboxFileName } from '../../../electron/host/console-host';

describe('outboxFileName', () => {
  it('is shared by hosts acting as the same user on the same PagerDuty', () => {
    expect(outboxFileName('https://api.pagerduty.com', 'Dana@example.com')).toBe(
      outboxFileName('https://api.pagerduty.com/', 'dana@example.com'),
    );
  });

  it('differs for another account or another server, so actions never cross over', () => {
    const mine = outboxFileName('https://api.pagerduty.com', 'dana@example.com');
    expect(outboxFileName('https://api.pagerduty.com', 'lee@example.com')).not.toBe(mine);
    expect(outboxFileName('http://127.0.0.1:7000', 'dana@example.com')).not.toBe(mine);
    expect(mine).toMatch(/^outbox-[0-9a-f]{12}\.sqlite$/);
  });
});
