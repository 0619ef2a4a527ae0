/**
 * Setup for the renderer's component tests (the vitest "dom" project, happy-dom): fill
 * the one browser API Mantine uses that happy-dom lacks, and unmount what a test rendered.
 */
import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';

// Mantine's autosizing Textarea listens for web fonts loading (document.fonts); nothing loads here.
if (!('fonts' in document)) {
  Object.defineProperty(document, 'fonts', { configurable: true, value: Object.assign(new EventTarget(), { ready: Promise.resolve() }) });
}

afterEach(() => {
  cleanup();
});
