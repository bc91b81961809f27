import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** The WCAG 2.1 A and AA rules; Remiss must meet WCAG 2.1 AA. */
export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe on the page and returns its violations as readable lines, empty when there are none.
 *
 * In legacy mode: axe.run() in the page itself. The default runs axe.runPartial() in every frame
 * and then opens a new page in the context, injects axe there a second time and runs
 * axe.finishRun() in it, which on the editor page cost several seconds per call on CI's two
 * cores. The two differ only for cross-origin frames, which the app has none of; the same rules
 * run over the same page and gave the same violations, passes and incomplete results on the
 * editor page. @axe-core/playwright 4.x marks legacy mode deprecated for 5.0: revisit then.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).setLegacyMode().analyze();
  return results.violations.flatMap((violation) => [
    `${violation.id} (${violation.impact ?? 'unknown impact'}): ${violation.help} – ${violation.helpUrl}`,
    ...violation.nodes.map(
      (node) => `    at ${node.target.join(' ')}\n      ${node.failureSummary ?? ''}`,
    ),
  ]);
}
