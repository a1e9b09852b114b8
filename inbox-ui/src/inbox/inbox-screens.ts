import { ref } from 'vue';

/** On a phone the inbox is one screen at a time, each deeper than the one before. */
export type InboxScreen = 'list' | 'thread' | 'contact';
const DEPTH: Record<InboxScreen, number> = { list: 0, thread: 1, contact: 2 };
/** The same break as the phone rules in InboxPage.vue's styles. */
const PHONE = '(max-width: 699px)';

/**
 * Which inbox screen a phone shows, and the tablet's contact drawer. Going deeper on a phone is a history entry, so
 * the phone's back gesture (popstate) steps thread → list the way the back button does; on wider screens every
 * column is visible and nothing is pushed. `initial`: 'thread' when the page was opened on one (`?conversation=`).
 */
export function useInboxScreens(initial: InboxScreen) {
  const screen = ref<InboxScreen>(initial);
  const drawer = ref(false);
  const isPhone = () => window.matchMedia(PHONE).matches;

  function show(next: InboxScreen, url = location.pathname + location.search): void {
    if (isPhone() && DEPTH[next] > DEPTH[screen.value]) history.pushState({ ...history.state, inboxScreen: next, inboxPushed: true }, '', url);
    screen.value = next;
  }
  /**
   * One step back: through history when we pushed the step (so the browser's forward works too), else in place,
   * rewriting the entry so a later back gesture does not return to the screen just left.
   */
  function back(): void {
    if (history.state?.inboxPushed && history.state.inboxScreen === screen.value) { history.back(); return; }
    screen.value = screen.value === 'contact' ? 'thread' : 'list';
    history.replaceState({ ...history.state, inboxScreen: screen.value }, '', screen.value === 'list' ? location.pathname : undefined);
  }
  const onPopState = (event: PopStateEvent) => { screen.value = (event.state?.inboxScreen as InboxScreen | undefined) ?? 'list'; };

  function bind(): () => void {
    history.replaceState({ ...history.state, inboxScreen: initial }, '');
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }
  return { screen, drawer, isPhone, show, back, bind };
}
