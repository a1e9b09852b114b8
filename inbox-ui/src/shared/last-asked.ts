/**
 * Keeps only the answer to the request asked last. Answers come back in any order: a slow answer to an earlier
 * request (another day, view, search or page) that lands after a newer one would otherwise overwrite it, and show
 * one request's rows under another's heading — times of the wrong day in a booking dialog, one view's rows under
 * another's tab.
 *
 *   const times = lastAsked();
 *   const isLast = times.ask();
 *   const answer = await api.capacity(...);
 *   if (!isLast()) return;
 */
export function lastAsked(): { ask(): () => boolean } {
  let asked = 0;
  return {
    ask() {
      const mine = ++asked;
      return () => mine === asked;
    },
  };
}
