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

/**
 * Holds back what the page asks of `url` by `ms` — every request, or with `firstOnly` only the first — so that a
 * request made later is answered first. By default the request itself waits; with `holdAnswer` it reaches the server
 * at once and its answer waits (when what it reads must be read before a change the test makes next; `onAnswer` is
 * called once the server has answered). Answers the way to stop holding.
 */
export async function holdBack(page: Page, url: Parameters<Page['route']>[0], { firstOnly = false, holdAnswer = false, ms = 1500, onAnswer = () => {} } = {}): Promise<() => Promise<void>> {
  const pause = () => new Promise((r) => setTimeout(r, ms));
  let asked = 0;
  await page.route(url, async (route) => {
    if (firstOnly && asked++ > 0) return route.continue().catch(() => undefined);
    if (!holdAnswer) return pause().then(() => route.continue()).catch(() => undefined);
    const answer = await route.fetch();
    onAnswer();
    await pause();
    return route.fulfill({ response: answer }).catch(() => undefined);
  });
  return () => page.unroute(url);
}
