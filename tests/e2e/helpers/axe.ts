import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** The WCAG 2.1 A and AA rules; Remiss must meet WCAG 2.1 AA. */
export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Runs axe on the page and returns its violations as readable lines, empty when there are none. */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  return results.violations.flatMap((violation) => [
    `${violation.id} (${violation.impact ?? 'unknown impact'}): ${violation.help} – ${violation.helpUrl}`,
    ...violation.nodes.map(
      (node) => `    at ${node.target.join(' ')}\n      ${node.failureSummary ?? ''}`,
    ),
  ]);
}
