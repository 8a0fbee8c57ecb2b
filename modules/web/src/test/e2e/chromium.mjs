// Debian's Chromium, headless, as every browser test of tickwire starts it: a fresh profile
// directory, no background traffic of its own (this machine reaches no outside host), and a
// desktop viewport. CHROMIUM names the executable.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/** Starts the browser; `close()` stops it and removes its profile. */
export async function launchChromium() {
  const profile = await mkdtemp(join(tmpdir(), 'tickwire-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1440, height: 1000 },
  });
  const page = context.pages()[0] ?? await context.newPage();
  return {
    context,
    page,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
