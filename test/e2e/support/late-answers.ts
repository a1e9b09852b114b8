import type { Page } from 'playwright-core';

/**
 * Helpers for tests of an answer that comes back after a newer one (shared/last-asked.ts): the page is given the
 * late answer, and then checked once what it would have shown is on screen.
 */

/** Resolves once the page has painted twice: whatever the last answer would have rendered is rendered by then. */
export const afterPaint = (page: Page): Promise<unknown> =>
  page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');

/** Resolves once `count` answers to URLs matching `pattern` have come back (the held-back one among them). */
export function answersTo(page: Page, pattern: RegExp, count: number): Promise<void> {
  return new Promise((resolve) => {
    let answers = 0;
    const onResponse = (res: { url(): string }) => {
      if (pattern.test(res.url()) && ++answers === count) { page.off('response', onResponse); resolve(); }
    };
    page.on('response', onResponse);
  });
}
