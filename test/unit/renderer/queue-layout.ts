/**
 * For component tests of the queue: happy-dom lays nothing out, so each test gives the
 * queue's scroll area a window's size (the virtualiser then renders rows and every default
 * column fits), and finds a row by its incident number as a user's eye would.
 */
import { afterEach, beforeEach, vi } from 'vitest';
import { screen, within } from '@testing-library/react';

/** Installs, for every test of the calling file, a 1400x600 scroll area for the queue. */
export function giveTheQueueAWindow(): void {
  beforeEach(() => {
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(function (this: HTMLElement) {
      return this.classList.contains('queue-scroll') ? 600 : 0;
    });
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockImplementation(function (this: HTMLElement) {
      return this.classList.contains('queue-scroll') ? 1400 : 0;
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
}

/** The queue's row of the incident with this number (found by its selection checkbox). */
export function rowFor(number: number): HTMLElement {
  return within(screen.getByRole('grid'))
    .getByRole('checkbox', { name: `Select incident ${number}` })
    .closest<HTMLElement>('[role="row"]')!;
}
