import { inject, onBeforeUnmount, onMounted, ref, shallowRef, watch, type ComputedRef, type InjectionKey, type Ref } from 'vue';
import { describeError } from '../shared/error-text';
import { lastAsked } from '../shared/last-asked';
import type { Drill } from './drill';
import type { DateRange } from './report-range';

/** What the page shares with its sections: the range, the live signal, who is looking, and the drill-down panel. */
export interface ReportsContext {
  range: Ref<DateRange>;
  /** Moves when the server says the figures changed (debounced): sections in view refetch, the others on arrival. */
  live: Ref<number>;
  isAdmin: ComputedRef<boolean>;
  openDrill(drill: Drill): void;
}

export const REPORTS: InjectionKey<ReportsContext> = Symbol('reports');

export function useReports(): ReportsContext {
  const ctx = inject(REPORTS);
  if (!ctx) throw new Error('a report section outside ReportsPage');
  return ctx;
}

/** Sections start loading this far before they scroll into view, so a reader rarely sees a skeleton. */
const AHEAD = '300px';

/**
 * A section's figures for the page's range, fetched only while the section is on screen: a new range or a live change
 * marks the others stale, and they fetch when scrolled to, so a change on a phone costs the one or two requests for
 * what is shown. A live refetch keeps the figures on screen until the new ones arrive (no skeleton flashing every
 * second); only the last answer asked for is kept, so a slow old answer never overwrites a newer one.
 */
export function useSection<T>(root: Ref<HTMLElement | null>, load: (range: DateRange) => Promise<T>) {
  const ctx = useReports();
  const data = shallowRef<T | null>(null);
  const error = ref('');
  const loading = ref(false);
  let visible = false;
  let stale = true;
  const answers = lastAsked();

  async function fetch(quiet: boolean): Promise<void> {
    const isLast = answers.ask();
    stale = false;
    if (!quiet) loading.value = true;
    try {
      const answer = await load(ctx.range.value);
      if (isLast()) { data.value = answer; error.value = ''; }
    } catch (err) {
      if (isLast()) error.value = describeError(err);
    } finally {
      if (isLast()) loading.value = false;
    }
  }

  watch(ctx.range, () => {
    data.value = null;
    stale = true;
    if (visible) void fetch(false);
  }, { deep: true });
  watch(ctx.live, () => { if (visible) void fetch(true); else stale = true; });

  let observer: IntersectionObserver | null = null;
  onMounted(() => {
    observer = new IntersectionObserver((entries) => {
      visible = entries.some((e) => e.isIntersecting);
      if (visible && stale) void fetch(data.value !== null);
    }, { rootMargin: AHEAD });
    if (root.value) observer.observe(root.value);
  });
  onBeforeUnmount(() => observer?.disconnect());

  return { data, error, loading, reload: () => fetch(false) };
}
