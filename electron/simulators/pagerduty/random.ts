/**
 * Deterministic randomness for the simulator: a seeded PRNG (mulberry32) and
 * PagerDuty-looking identifiers, so the same seed always builds the same demo org.
 */

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Random.pick needs a non-empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Picks by weight: entries are [value, weight]. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    const last = entries[entries.length - 1];
    if (!last) throw new Error('Random.weighted needs a non-empty list');
    return last[0];
  }

  /** A shuffled copy (Fisher-Yates). */
  shuffled<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i -= 1) {
      const j = Math.floor(this.next() * (i + 1));
      const swap = out[i] as T;
      out[i] = out[j] as T;
      out[j] = swap;
    }
    return out;
  }

  string(length: number, alphabet = ID_ALPHABET): string {
    let out = '';
    for (let i = 0; i < length; i += 1) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  hex(length: number): string {
    return this.string(length, '0123456789abcdef');
  }
}

/** Hands out unique ids shaped like PagerDuty's: P + 6 for most records, Q + 13 for incidents and alerts, R + 25 for log entries. */
export class IdFactory {
  private readonly used = new Set<string>();

  constructor(private readonly random: Random) {}

  private unique(make: () => string): string {
    for (;;) {
      const id = make();
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }

  short(): string {
    return this.unique(() => `P${this.random.string(6)}`);
  }

  incident(): string {
    return this.unique(() => `Q${this.random.string(13)}`);
  }

  alert(): string {
    return this.unique(() => `Q${this.random.string(13)}`);
  }

  logEntry(): string {
    return this.unique(() => `R${this.random.string(25)}`);
  }

  /** A change event id, ULID-like as PagerDuty's ("01BBYA6PEVW6A852BUO6QYUE7O"). */
  changeEvent(): string {
    return this.unique(() => `01${this.random.string(24)}`);
  }

  /** A 32-character lowercase hex key (Events API routing keys, generated dedup keys). */
  key32(): string {
    return this.unique(() => this.random.hex(32));
  }
}
