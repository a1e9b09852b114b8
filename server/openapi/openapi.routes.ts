import fs from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import { PROJECT_ROOT } from '../shared/project-root';
import { DOCS_CSP, renderDocsPage } from './docs-page';
import { buildOpenApiDocument } from './document';

/** Huixin's version as the document states it: package.json's. */
const huixinVersion = () => (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * `GET /api/openapi.json` and `GET /api/docs`: public (they describe routes, never data), built on first request
 * and kept in memory.
 */
export function openApiRoutes(): Router {
  const router = Router();
  let doc: object | undefined;
  let text: string | undefined;
  let page: string | undefined;
  const document = () => (doc ??= buildOpenApiDocument(huixinVersion()));
  router.get('/openapi.json', (_req, res) => {
    text ??= JSON.stringify(document());
    res.set('Cache-Control', 'public, max-age=300').type('json').send(text);
  });
  router.get('/docs', (_req, res) => {
    page ??= renderDocsPage(document());
    res.set('Content-Security-Policy', DOCS_CSP).set('Cache-Control', 'public, max-age=300').type('html').send(page);
  });
  return router;
}
