/**
 * The engine's event fan-out: every part reports through one hub, and the hosts (the
 * Electron shell, the web console's event stream, the CLI) listen to it. A listener that
 * throws is logged and does not stop the others.
 */
import type { ConsoleEvent } from '../../shared/contract';
import { errorText } from '../../shared/error-text';

export class EventHub {
  private readonly listeners = new Set<(event: ConsoleEvent) => void>();

  constructor(private readonly log?: (message: string) => void) {}

  listen(listener: (event: ConsoleEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: ConsoleEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.log?.(`An event listener failed: ${errorText(error)}`);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
