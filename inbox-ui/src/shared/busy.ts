import { ref } from 'vue';

/**
 * Feedback on every click that waits for the server: while one action is in flight its button says so (aria-busy,
 * a spinner from base.css) and every button of the group is disabled, so a second click cannot send it twice.
 * @example const busy = useBusy(); busy.run('resolve', () => api.resolve(id)); // <button v-bind="busyAttrs(busy.pending.value, 'resolve')">
 */
export function useBusy() {
  const pending = ref<string | null>(null);
  async function run<T>(key: string, work: () => Promise<T>): Promise<T | undefined> {
    if (pending.value !== null) return undefined;
    pending.value = key;
    try { return await work(); } finally { pending.value = null; }
  }
  return { pending, run };
}

/** The attributes of the button `key` while `pending` (the action in flight, or null) runs. */
export const busyAttrs = (pending: string | null, key: string) => ({
  disabled: pending !== null || undefined,
  'aria-busy': pending === key ? 'true' as const : undefined,
});
