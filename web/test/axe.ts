import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';

// axe-core from node_modules (no network). The portal's Content-Security-Policy (script-src 'self') refuses an
// injected <script> tag, so the source runs through the DevTools protocol, as page.evaluate does.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core'), 'utf8');

/** A violation as an assertion shows it: what to fix and where. */
export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Runs axe-core on the page as it is and returns its serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  // Layout and the theme's colours have settled: give them a frame.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const results = await page.evaluate(() =>
    (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe.run(document, { resultTypes: ['violations'] }),
  );
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact ?? '',
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
}

/**
 * Waits until the animations that end (the theme's colour transitions) have ended. Endless ones, a running
 * run's spinner or the reconnecting dot, never end and are not waited for.
 */
export async function finiteAnimationsEnded(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    document.getAnimations().every((animation) => animation.playState !== 'running' || animation.effect?.getComputedTiming().iterations === Infinity),
  );
}

/** The findings as an assertion's message: where, then each rule with its impact, what it asks and the elements. */
export function describeFindings(where: string, findings: AxeFinding[]): string {
  return `${where}: ${findings.map((finding) => `\n  ${finding.rule} (${finding.impact}) ${finding.help}: ${finding.targets.join(', ')}`).join('')}`;
}
