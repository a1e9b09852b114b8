import { ApiError } from './api';

/**
 * What to show for a failed request, in the agent's language: the field it names and what is wrong with it.
 * (Issue 13 item 7 fills this in from the error's code, field and issue; until then the server's message.)
 */
export function describeError(err: unknown): string {
  return err instanceof ApiError || err instanceof Error ? err.message : String(err);
}
