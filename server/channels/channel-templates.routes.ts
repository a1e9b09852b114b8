import { Router, type Request } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/require-role';
import { Channel } from '../db/entities';
import { inTransaction } from '../db/transaction';
import type { AppDeps } from '../deps';
import { HttpError, notFound } from '../http/errors';
import { idParam, parseBody, parseInput } from '../http/validate';
import type { ChannelTemplateList } from './channel-contract';
import { checkMapping, mappingBody, previewSamples, templateItems } from './channel-templates';
import { AGENT_REPLY_KEY, type TemplateMapping } from './provider-templates';
import { envTemplateMapping } from './reply-rules';
import type { TemplateProvider } from './template-preview';

const isTemplateOnly = (p: string): p is TemplateProvider => p === 'aliyun' || p === 'tencent';
export const templateKeyParams = z.object({ key: z.string().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/, 'must be a template key') });
const keyParam = (req: Request) => parseInput(templateKeyParams, req.params).key;

/**
 * Template mappings of template-only channels (issue 15): which Huixin templates each Aliyun/Tencent channel sends as
 * which approved provider template, with a preview of what the carrier delivers. The environment's channel is shown
 * read-only (ALIYUN_TEMPLATES / TENCENT_TEMPLATES). A channel never mapped sends with the environment's mapping; its
 * first edit starts from a copy of it, so mapping one template never silently unmaps the others.
 */
export function channelTemplateRoutes(deps: AppDeps): Router {
  const router = Router();
  const admin = requireRole(deps.sessions, 'admin');

  async function listing(channel: ChannelTemplateList['channel'], own: TemplateMapping | null): Promise<ChannelTemplateList> {
    const { source } = await deps.rulesets.get();
    const samples = previewSamples(source.settings);
    const mapping = own ?? envTemplateMapping(deps.config, channel.provider) ?? {};
    return { channel, source: own ? 'channel' : 'environment', samples, items: templateItems(channel.provider, channel.signName, mapping, source.templates, samples) };
  }

  async function templateChannel(em: AppDeps['ds']['manager'], id: number): Promise<Channel & { provider: TemplateProvider }> {
    const row = await em.findOneBy(Channel, { id });
    if (!row) throw notFound('Channel');
    if (!isTemplateOnly(row.provider)) throw new HttpError(409, 'not_template_only', `A ${row.provider} channel sends any text: it has no template mapping`);
    return row as Channel & { provider: TemplateProvider };
  }

  // Before /channels/:id/…, which would refuse "default" as an id.
  router.get('/channels/default/templates', admin, async (_req, res) => {
    const provider = deps.config.SMS_PROVIDER;
    if (!isTemplateOnly(provider)) throw new HttpError(409, 'not_template_only', `The default channel (${provider}) sends any text: it has no template mapping`);
    const signName = (provider === 'aliyun' ? deps.config.ALIYUN_SIGN_NAME : deps.config.TENCENT_SIGN_NAME) ?? '';
    res.json(await listing({ id: null, provider, signName, editable: false }, null));
  });

  router.get('/channels/:id/templates', admin, async (req, res) => {
    const row = await templateChannel(deps.ds.manager, idParam(req));
    res.json(await listing({ id: row.id, provider: row.provider, signName: row.sender, editable: true }, row.templates));
  });

  router.put('/channels/:id/templates/:key', admin, async (req, res) => {
    const id = idParam(req);
    const key = keyParam(req);
    const body = parseBody(mappingBody, req);
    const { source } = await deps.rulesets.get();
    if (key !== AGENT_REPLY_KEY && !source.templates.some((t) => t.key === key)) {
      throw new HttpError(400, 'invalid_field', `key: there is no template "${key}"`, 'key');
    }
    const row = await inTransaction(deps.ds, async (em) => {
      const channel = await templateChannel(em, id);
      checkMapping(channel.provider, key, body);
      const current = channel.templates ?? envTemplateMapping(deps.config, channel.provider) ?? {};
      channel.templates = { ...current, [key]: { code: body.code, params: body.params, text: body.text } };
      return touchAndSave(em, channel);
    });
    deps.channels.invalidate();   // this node sends with the new mapping at once; the others within a second
    const list = await listing({ id: row.id, provider: row.provider as TemplateProvider, signName: row.sender, editable: true }, row.templates);
    res.json(list.items.find((i) => i.key === key));
  });

  router.delete('/channels/:id/templates/:key', admin, async (req, res) => {
    const id = idParam(req);
    const key = keyParam(req);
    await inTransaction(deps.ds, async (em) => {
      const channel = await templateChannel(em, id);
      const current = channel.templates ?? envTemplateMapping(deps.config, channel.provider) ?? {};
      if (!Object.hasOwn(current, key)) throw notFound('Template mapping');
      const { [key]: _removed, ...rest } = current;
      channel.templates = rest;
      await touchAndSave(em, channel);
    });
    deps.channels.invalidate();
    res.status(204).end();
  });

  return router;
}

/** Wall-clock, not the app clock: the registry rebuilds a channel's provider (and its mapping) when this changes, on every node. */
async function touchAndSave(em: AppDeps['ds']['manager'], row: Channel): Promise<Channel> {
  row.updatedAt = new Date(Math.max(Date.now(), row.updatedAt.getTime() + 1));
  return em.save(row);
}
