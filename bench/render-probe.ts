/**
 * The script the render scenario installs in the web console before any of its own code
 * runs (Playwright addInitScript), to time the page from the outside, without hooks in
 * the renderer:
 *
 * - first rows: a MutationObserver notes when the first incident row
 *   (`[role="row"][data-incident-id]`) enters the DOM, then when the next frame is done
 *   (requestAnimationFrame, then a message posted from it, which runs after that frame).
 *   The scenario compares that with the resource timing of the getSnapshot response, and
 *   counts the scripts and style sheets fetched before the first row (the start bundle).
 * - live deltas: EventSource is wrapped so the probe's listener runs before the page's; it
 *   notes when an incidentsChanged message arrives (and keeps the raw text, unparsed, to
 *   check afterwards), and when the page's own listener has returned (parsed and folded).
 *   After `arm(expected)`, the observer notes when every rendered row
 *   named in `expected` shows its expected `data-status`, and the next frame after that.
 *
 * Kept as plain JavaScript in a string: it runs in the page, not in Node.
 */

/** Where the probe lives in the page (functions passed to page.evaluate name it literally). */
const PROBE_GLOBAL = '__oncallBench' as const;

interface FirstRowTiming {
  /** performance.now() when the first incident row was in the DOM. */
  firstRowAt: number | null;
  /** performance.now() after the frame that followed. */
  firstRowFrameAt: number | null;
  /** Every getSnapshot response: start and end, on the page's clock. */
  snapshots: Array<{ startTime: number; responseEnd: number; encodedBodySize: number }>;
  /** The page's scripts and style sheets fetched before the first row: its start bundle. */
  startAssets: Array<{ name: string; bytes: number }>;
}

interface DeltaTiming {
  /** performance.now() when the incidentsChanged message reached the page. */
  messageAt: number | null;
  /** When the page's own listener returned (message parsed and folded into its store; React renders after). */
  handledAt: number | null;
  /** When every rendered row of the changed incidents showed its new status. */
  domAt: number | null;
  /** After the frame that followed. */
  frameAt: number | null;
  /** Rows checked (rendered rows among the changed incidents). */
  rowsChecked: number;
  /** How many incidents the message carried (parsed after timing). */
  upserted: number | null;
}

/** The probe as the page holds it. */
interface PageProbe {
  firstRowFrameAt: number | null;
  arm(expected: Record<string, string>): void;
  firstRowTiming(): FirstRowTiming;
  deltaTiming(): DeltaTiming | null;
  /** Ids of the incident rows in the DOM (the virtualised table renders those on screen and a few more). */
  renderedIds(): string[];
}

/** The page's global object, as seen by functions passed to page.evaluate. */
export interface ProbeWindow {
  [PROBE_GLOBAL]: PageProbe;
}

export const PROBE_SCRIPT = `(() => {
  const probe = {
    firstRowAt: null,
    firstRowFrameAt: null,
    armed: null,
    arm(expected) {
      probe.armed = { expected, messageAt: null, handledAt: null, domAt: null, frameAt: null, rowsChecked: 0, data: null };
    },
    firstRowTiming() {
      const snapshots = performance
        .getEntriesByType('resource')
        .filter((entry) => entry.name.includes('/api/getSnapshot'))
        .map((entry) => ({ startTime: entry.startTime, responseEnd: entry.responseEnd, encodedBodySize: entry.encodedBodySize }));
      const startAssets = performance
        .getEntriesByType('resource')
        .filter((entry) => /\\.(js|css)$/.test(new URL(entry.name).pathname) && probe.firstRowAt !== null && entry.startTime < probe.firstRowAt)
        .map((entry) => ({ name: new URL(entry.name).pathname, bytes: entry.encodedBodySize }));
      return { firstRowAt: probe.firstRowAt, firstRowFrameAt: probe.firstRowFrameAt, snapshots, startAssets };
    },
    renderedIds() {
      return Array.from(document.querySelectorAll('[role="row"][data-incident-id]'), (row) => row.getAttribute('data-incident-id'));
    },
    deltaTiming() {
      const armed = probe.armed;
      if (!armed) return null;
      let upserted = null;
      try {
        upserted = armed.data === null ? null : JSON.parse(armed.data).payload.upserted.length;
      } catch {
        upserted = null;
      }
      return {
        messageAt: armed.messageAt,
        handledAt: armed.handledAt,
        domAt: armed.domAt,
        frameAt: armed.frameAt,
        rowsChecked: armed.rowsChecked,
        upserted,
      };
    },
  };
  Object.defineProperty(window, '${PROBE_GLOBAL}', { value: probe });

  const afterNextFrame = (done) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => done(performance.now());
      channel.port2.postMessage(null);
    });

  const ROWS = '[role="row"][data-incident-id]';
  const checkFirstRow = () => {
    if (probe.firstRowAt !== null || !document.querySelector(ROWS)) return;
    probe.firstRowAt = performance.now();
    afterNextFrame((at) => { probe.firstRowFrameAt = at; });
  };
  const checkDelta = () => {
    const armed = probe.armed;
    if (!armed || armed.messageAt === null || armed.domAt !== null) return;
    let matched = 0;
    for (const row of document.querySelectorAll(ROWS)) {
      const expected = armed.expected[row.getAttribute('data-incident-id')];
      if (expected === undefined) continue;
      if (row.getAttribute('data-status') !== expected) return;
      matched += 1;
    }
    if (matched === 0) return;
    armed.domAt = performance.now();
    armed.rowsChecked = matched;
    afterNextFrame((at) => { armed.frameAt = at; });
  };
  new MutationObserver(() => {
    checkFirstRow();
    checkDelta();
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status', 'data-incident-id'] });

  const NativeEventSource = window.EventSource;
  if (NativeEventSource) {
    window.EventSource = class extends NativeEventSource {
      constructor(url, init) {
        super(url, init);
        super.addEventListener('console', (message) => {
          const armed = probe.armed;
          if (!armed || armed.messageAt !== null) return;
          if (typeof message.data === 'string' && message.data.startsWith('{"name":"incidentsChanged"')) {
            armed.messageAt = performance.now();
            armed.data = message.data;
          }
        });
      }
      // The page's own listener, timed: when it returns, the message is parsed and folded into
      // the page's store; React renders the change after it (in a microtask, before the DOM check).
      addEventListener(type, listener, options) {
        if (type !== 'console' || typeof listener !== 'function') return super.addEventListener(type, listener, options);
        return super.addEventListener(
          type,
          (message) => {
            const armed = probe.armed;
            const timed = armed && armed.handledAt === null && armed.messageAt !== null && message.data === armed.data;
            listener.call(this, message);
            if (timed) armed.handledAt = performance.now();
          },
          options,
        );
      }
    };
  }
})();`;
