import { onMounted, ref } from 'vue';

/**
 * Runs a page's first load when it mounts; the returned flag stays true until that load settles, so the page shows
 * skeleton rows (SkeletonRows.vue) instead of empty forms meanwhile. A failed load still reaches Vue's error
 * handling, as `onMounted(load)` did.
 */
export function useFirstLoad(load: () => Promise<unknown>) {
  const pending = ref(true);
  onMounted(() => load().finally(() => { pending.value = false; }));
  return pending;
}
