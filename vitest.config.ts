// Unit and integration tests. Browser tests live in test/e2e and run under Playwright.
// Two projects: everything in Node, and the renderer's component tests (*.test.tsx) in
// happy-dom, with Testing Library's cleanup after each test (test/unit/renderer/dom-setup.ts).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/contract/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          include: ['test/unit/renderer/**/*.test.tsx'],
          environment: 'happy-dom',
          setupFiles: ['test/unit/renderer/dom-setup.ts'],
        },
      },
    ],
  },
});
