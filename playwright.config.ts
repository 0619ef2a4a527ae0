// Browser tests: Debian's Chromium drives the web console served by `oncall-console serve --demo`,
// and Electron tests drive the desktop shell where an Electron binary exists.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'test',
  testMatch: ['e2e/**/*.spec.ts', 'electron/**/*.spec.ts'],
  timeout: 60_000,
  workers: 1,
  // CI shares two cores with the simulators and the console under test: a test that fails
  // once is run again and reported as flaky (a test that fails twice still fails).
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
