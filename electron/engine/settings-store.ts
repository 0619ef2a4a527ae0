/**
 * Non-secret settings on disk: one JSON file in the data directory, validated with zod on
 * every read and write (a damaged file is set aside, not lost, and defaults load), written
 * atomically (temporary file, then rename) so a crash never leaves half a file.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Settings } from '../../shared/domain/settings';
import { errorText } from '../../shared/error-text';

export class SettingsStore {
  private current: Settings;
  private readonly listeners = new Set<(settings: Settings) => void>();

  constructor(
    private readonly path: string,
    private readonly log: (message: string) => void = () => undefined,
  ) {
    this.current = this.load();
  }

  get(): Settings {
    return this.current;
  }

  /** Applies a change to a copy, validates it, writes it and tells listeners. */
  update(change: (settings: Settings) => Settings): Settings {
    const next = Settings.parse(change(structuredClone(this.current)));
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.path);
    this.current = next;
    for (const listener of this.listeners) listener(next);
    return next;
  }

  onChange(listener: (settings: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private load(): Settings {
    if (!existsSync(this.path)) return Settings.parse({});
    try {
      return Settings.parse(JSON.parse(readFileSync(this.path, 'utf8')));
    } catch (error) {
      const aside = `${this.path}.damaged-${Date.now()}`;
      renameSync(this.path, aside);
      this.log(`The settings file could not be read (${errorText(error)}); kept it as ${aside} and loaded the defaults.`);
      return Settings.parse({});
    }
  }
}
