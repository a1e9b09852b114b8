import { ref } from 'vue';
import { describeError, fieldErrorKey } from '../shared/error-text';

/**
 * A setup step's save: runs the step's requests, then `onSaved` (the page moves on); a refusal is kept with the
 * field it names ("weeklyHours.mon" counts as weeklyHours), for the step to mark that input and show the words.
 */
export function useStepSave(onSaved: () => void) {
  const error = ref<{ field: string; text: string } | null>(null);
  const busy = ref(false);
  async function save(work: () => Promise<unknown>): Promise<void> {
    error.value = null;
    busy.value = true;
    try {
      await work();
      onSaved();
    } catch (e) {
      error.value = { field: fieldErrorKey(e) ?? '', text: describeError(e) };
    } finally {
      busy.value = false;
    }
  }
  return { error, busy, save };
}
