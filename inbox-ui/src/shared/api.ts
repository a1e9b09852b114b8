import type { FieldIssue } from '../../../server/http/field-issue';

/** What is wrong with a field, as data (zod's issue code and parameters): server/http/field-issue.ts. */
export type { FieldIssue };

/**
 * The server's error shape (DESIGN.md §5): `{ error: { code, message, field?, path?, issue? } }` with a 4xx/5xx
 * status. Show it with describeError (shared/error-text.ts), which says it in the agent's language.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly path?: Array<string | number>,
    readonly issue?: FieldIssue,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * fetch() for the JSON API: parses the body, and turns any non-2xx answer (or an unreachable server) into an
 * ApiError so callers handle one kind of failure. status 0 means the request never got an answer.
 */
export async function apiRequest<T>(path: string, init: { method?: string; body?: unknown; rawBody?: { content: Blob; type: string } } = {}): Promise<T> {
  // A JSON body by default; `rawBody` sends bytes as they are (a CSV file, whose encoding the server detects).
  const body = init.rawBody ? init.rawBody.content : init.body === undefined ? undefined : JSON.stringify(init.body);
  const type = init.rawBody ? init.rawBody.type : init.body === undefined ? undefined : 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method: init.method ?? 'GET', headers: type ? { Accept: 'application/json', 'Content-Type': type } : { Accept: 'application/json' }, body });
  } catch {
    throw new ApiError(0, 'network_error', '无法连接服务器 Cannot reach the server');
  }
  const payload = await response.json().catch(() => null);
  if (response.ok) return payload as T;
  const error = payload?.error;
  throw new ApiError(response.status, error?.code ?? 'http_error', error?.message ?? `HTTP ${response.status}`, error?.field, error?.path, error?.issue);
}
