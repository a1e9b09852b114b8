import { Router } from 'express';
import { z } from 'zod';
import { parseBody } from '../http/validate';
import type { AppDeps } from '../deps';
import { authorOf, canRead, canWrite } from './admin-request';
import { saveConfig, snapshotOf, type ConfigSnapshot } from './config-store';
import { replaceConfigRows } from './config-rows';
import { loadRulesetSource } from './ruleset-source';

const FORMAT = 'huixin-config/1';

// The shape only; meaning (regexes, variables, intents, conflicts) is checked by the engine when the import compiles.
export const importSchema = z.object({
  format: z.literal(FORMAT, { message: `expected a file exported by Huixin (format "${FORMAT}")` }),
  rules: z.array(z.object({ id: z.union([z.string(), z.number()]).transform(String) }).passthrough()),
  templates: z.array(z.object({ key: z.string() }).passthrough()),
  intentPhrases: z.array(z.object({ intent: z.string(), text: z.string() }).passthrough()),
  settings: z.object({}).passthrough(),
});

/** The whole configuration as one JSON file, and back: an import replaces everything or nothing. */
export function configTransferRoutes({ ds, sessions, clock }: AppDeps): Router {
  const router = Router();

  router.get('/config/export', canRead(sessions), async (_req, res) => {
    const source = await loadRulesetSource(ds.manager);
    res.setHeader('Content-Disposition', `attachment; filename="huixin-config-v${source.version}.json"`);
    res.json({ format: FORMAT, exportedFrom: source.version, ...snapshotOf(source) });
  });

  router.post('/config/import', canWrite(sessions), async (req, res) => {
    const { format: _format, ...file } = parseBody(importSchema, req);
    const saved = await saveConfig(ds, authorOf(req), {
      entity: 'config', key: 'import', operation: 'import', summary: `import ${file.rules.length} rules, ${file.templates.length} templates, ${file.intentPhrases.length} phrases`,
      conflictRuleIds: 'all', at: clock.now(),
    }, (em) => replaceConfigRows(em, file as unknown as ConfigSnapshot));
    res.json({ version: saved.version, counts: { rules: file.rules.length, templates: file.templates.length, intentPhrases: file.intentPhrases.length } });
  });
  return router;
}
