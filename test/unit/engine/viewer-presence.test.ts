/** Pages in front of someone: any visible page counts; a page that stopped reporting is forgotten. */
import { describe, expect, it } from 'vitest';
import { ViewerPresence } from '../../../electron/engine/viewer-presence';

describe('ViewerPresence', () => {
  it('is in front while any reporting page is visible or focused', () => {
    const presence = new ViewerPresence();
    expect(presence.inFront(0)).toBe(false);
    presence.report('window-a', { visible: false, focused: false }, 0);
    expect(presence.inFront(0)).toBe(false);
    presence.report('tab-b', { visible: true, focused: false }, 1_000);
    expect(presence.inFront(1_000)).toBe(true);
    presence.report('tab-b', { visible: false, focused: false }, 2_000);
    expect(presence.inFront(2_000)).toBe(false);
    presence.report('window-a', { visible: false, focused: true }, 3_000);
    expect(presence.inFront(3_000)).toBe(true);
  });

  it('forgets a page that has not reported for 75 s', () => {
    const presence = new ViewerPresence();
    presence.report('tab', { visible: true, focused: true }, 0);
    expect(presence.inFront(75_000)).toBe(true);
    expect(presence.inFront(75_001)).toBe(false);
  });
});
