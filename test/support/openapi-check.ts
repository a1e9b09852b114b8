import request, { type Response, type Test } from 'supertest';
import { errorAnswer } from '../../server/openapi/common-schemas';
import { findOperation } from '../../server/openapi/registry';

/**
 * Checks a response against what the OpenAPI document (server/openapi/) promises for its route: a success has the
 * documented status and, when JSON, the documented shape (the same zod schema the document was generated from);
 * a refusal has the one error shape. A route the document does not know fails, so the document cannot fall behind
 * the tests either.
 */
export function expectMatchesOpenApi(res: Response): void {
  const req = (res as unknown as { req: { method: string; path: string } }).req;
  const method = req.method;
  const path = new URL(req.path, 'http://x').pathname;
  const where = `${method} ${path} → ${res.status}`;
  const isJson = /json/.test(String(res.headers['content-type'] ?? ''));
  if (res.status >= 400) {
    if (isJson) explain(where, errorAnswer.safeParse(res.body));
    return;
  }
  const op = findOperation(method, path);
  if (!op) throw new Error(`${where}: this route is not in the OpenAPI document (server/openapi/registry.ts)`);
  const documented = op.ok.status ?? 200;
  if (res.status !== documented) throw new Error(`${where}: the OpenAPI document says it answers ${documented}`);
  if (op.ok.schema && isJson) explain(where, op.ok.schema.safeParse(res.body));
}

function explain(where: string, result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }): void {
  if (result.success) return;
  const issues = result.error!.issues.slice(0, 5).map((i) => `  ${i.path.map(String).join('.') || '(body)'}: ${i.message}`).join('\n');
  throw new Error(`${where}: the answer does not match its OpenAPI response schema\n${issues}`);
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * supertest's `request(url)` whose every answer is checked by expectMatchesOpenApi, for the API tests' clients:
 * `checkedRequest(hx.url).get('/api/contacts')` reads as before and fails on a response shape drift.
 */
export function checkedRequest(url: string): Record<Method, (path: string) => Test> {
  const checked = (method: Method) => (path: string) => request(url)[method](path).expect(expectMatchesOpenApi);
  return { get: checked('get'), post: checked('post'), put: checked('put'), patch: checked('patch'), delete: checked('delete') };
}
