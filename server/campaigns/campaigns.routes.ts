import { Router } from 'express';
import { requireRole } from '../auth/require-role';
import { smsCost } from '../admin/sms-segments';
import { Campaign, Segment } from '../db/entities';
import { insertStamped } from '../db/insert-stamped';
import { inTransaction } from '../db/transaction';
import type { AppDeps } from '../deps';
import { HttpError, notFound } from '../http/errors';
import { idParam, parseBody } from '../http/validate';
import { nextAudienceBatch } from './campaign-audience';
import { checkCampaignBody, checkCampaignLink, checkChannel, checkSegmentExists, checkVariantBodies, variantSettings } from './campaign-checks';
import type { CampaignPreview } from './campaign-contract';
import { cancelCampaign, pauseCampaign, publishProgress, resumeCampaign, startCampaign } from './campaign-control';
import { campaignPolicy, saveCampaignPolicy } from './campaign-policy';
import { campaignPolicyBody, createCampaignBody, patchCampaignBody, reviewBody, testSendBody } from './campaign-schemas';
import { campaignAlarms } from './campaign-alarms';
import { copyCampaign } from './copy-campaign';
import { reviewTakeDown } from './complaint-takedown';
import { queueDueContacts } from './trigger-campaigns';
import { campaignText, campaignVars, nextVisits, SAMPLE_CODE, withLink } from './campaign-text';
import { shortUrl } from '../links/create-links';
import { toCampaignView } from './campaign-view';
import { newQueueLease, queueCampaign } from './queue-campaign';
import { templateFor } from './prepare-batch';
import { segmentQuery } from './segment-query';
import { sendTestMessage } from './test-send';
import { checkProviderTemplate, checkTemplateLink, deliveredText, refusalWarning, requireProviderTemplate, templateChannelOf } from './campaign-provider-template';
import { costMicros, fromMicros, pricedChannels } from '../reports/channel-prices';

const PREVIEW_SAMPLES = 5;

/** Campaigns (issue 16), admins only: the contract in the issue, plus preview and the campaigns' settings. */
export function campaignRoutes(deps: AppDeps): Router {
  const router = Router();
  const admin = requireRole(deps.sessions, 'admin');
  const { ds, clock } = deps;
  const queueDeps = { ds, clock, bus: deps.bus, rulesets: deps.rulesets, channels: deps.channels, config: deps.config };
  const load = async (id: number) => {
    const row = await ds.manager.findOneBy(Campaign, { id });
    if (!row) throw notFound('Campaign');
    return row;
  };
  const answer = async (id: number) => toCampaignView(ds.manager, await load(id), clock.now());

  router.get('/campaign-settings', admin, async (_req, res) => { res.json(await campaignPolicy(ds.manager)); });
  router.put('/campaign-settings', admin, async (req, res) => {
    const changes = parseBody(campaignPolicyBody, req);
    res.json(await inTransaction(ds, (em) => saveCampaignPolicy(em, changes)));
  });

  router.get('/campaigns', admin, async (_req, res) => {
    const rows = await ds.manager.find(Campaign, { order: { id: 'DESC' }, take: 200 });
    res.json({ items: await Promise.all(rows.map((c) => toCampaignView(ds.manager, c, clock.now()))) });
  });

  router.post('/campaigns', admin, async (req, res) => {
    const body = parseBody(createCampaignBody, req);
    const row = await inTransaction(ds, async (em) => {
      await checkSegmentExists(em, body.segmentId);
      await checkCampaignBody(em, body.body);
      await checkChannel(em, body.channelId, body.category);
      await checkVariantBodies(em, body.variants);
      checkCampaignLink(body.body, body.link ?? null, body.variants);
      const templateChannel = await templateChannelOf(deps.channels, body.channelId ?? null, deps.config, em);
      await checkProviderTemplate(em, templateChannel, body.providerTemplate);
      checkTemplateLink(templateChannel, body.providerTemplate, body.link ?? null);
      return insertStamped(em, Campaign, {
        name: body.name, category: body.category, segmentId: body.segmentId, body: body.body, menu: body.menu ?? null, link: body.link ?? null,
        ...variantSettings({ ...body, variants: body.variants ?? null }), testQueuedAt: null, winner: null,
        ratePerSecond: body.ratePerSecond ?? null, sendAt: body.sendAt ? new Date(body.sendAt) : null, channelId: body.channelId ?? null,
        status: 'draft', pausedReason: null, duplicates: 0, createdBy: req.agent!.id, startedAt: null, audienceDone: false, leaseUntil: null, leaseOwner: null, extendCode: null, takenDown: false, complaintsReviewed: 0, keptDownAt: null, trigger: body.trigger ?? null,
        providerTemplate: body.providerTemplate ?? null,
      }, clock.now());
    });
    res.status(201).json({ id: row.id });
  });

  router.get('/campaigns/:id', admin, async (req, res) => { res.json(await answer(idParam(req))); });

  /** A new draft saying the same to the same people (copy-campaign.ts), for the editor to open. */
  router.post('/campaigns/:id/copy', admin, async (req, res) => {
    const copy = await copyCampaign(ds, idParam(req), req.agent!, clock.now());
    res.status(201).json({ id: copy.id });
  });

  router.patch('/campaigns/:id', admin, async (req, res) => {
    const id = idParam(req);
    const body = parseBody(patchCampaignBody, req);
    await inTransaction(ds, async (em) => {
      const row = await em.findOneBy(Campaign, { id });
      if (!row) throw notFound('Campaign');
      if (row.status !== 'draft') throw new HttpError(409, 'invalid_status', `The campaign is ${row.status}: only a draft can be changed`);
      if (body.segmentId) await checkSegmentExists(em, body.segmentId);
      if (body.body) await checkCampaignBody(em, body.body);
      await checkVariantBodies(em, body.variants);
      const { sendAt, ...rest } = body;
      Object.assign(row, Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)));
      if (sendAt !== undefined) row.sendAt = sendAt ? new Date(sendAt) : null;
      await checkChannel(em, row.channelId, row.category);
      Object.assign(row, variantSettings(row));
      checkCampaignLink(row.body, row.link, row.variants);
      const templateChannel = await templateChannelOf(deps.channels, row.channelId, deps.config, em);
      await checkProviderTemplate(em, templateChannel, row.providerTemplate, body.providerTemplate !== undefined);
      checkTemplateLink(templateChannel, row.providerTemplate, row.link);
      row.updatedAt = clock.now();
      await em.save(row);
    });
    res.json(await answer(id));
  });

  router.get('/campaigns/:id/preview', admin, async (req, res) => {
    const campaign = await load(idParam(req));
    const segment = await ds.manager.findOneByOrFail(Segment, { id: campaign.segmentId });
    const policy = await campaignPolicy(ds.manager);
    const settings = (await deps.rulesets.get()).source.settings;
    const now = clock.now();
    const audience = await segmentQuery(ds.manager, segment.definition, now, policy).getCount();
    const rows = await nextAudienceBatch(ds.manager, campaign, segment, policy, now, 0, PREVIEW_SAMPLES);
    const visits = await nextVisits(ds.manager, rows.map((r) => r.contactId), now);
    const channel = await templateChannelOf(deps.channels, campaign.channelId, deps.config);
    const template = channel && campaign.providerTemplate;
    const sampleLink = shortUrl(deps.config.PUBLIC_URL, deps.config.PORT, SAMPLE_CODE);
    const warnings = template ? refusalWarning(campaign.category, template, policy.refusalText) : [];
    const samples = rows.flatMap((r) => {
      if (template) {
        // A template-only channel delivers the approved text, filled and signed: that is what is shown and counted.
        const delivered = deliveredText(channel, template, { ...campaignVars(r, visits.get(r.contactId), settings), link: sampleLink });
        for (const w of delivered.warnings) if (!warnings.some((k) => JSON.stringify(k) === JSON.stringify(w))) warnings.push(w);
        const cost = smsCost(delivered.text);
        return [{ contactId: r.contactId, body: delivered.text, encoding: cost.encoding, segments: cost.segments, chinaBilled: delivered.billed }];
      }
      try {
        // Each recipient's link is made when the campaign is queued; a code of the same length stands in for it here.
        // An A/B campaign's sample shows the variant that recipient would get in the test.
        const chosen = templateFor(campaign, r.contactId);
        const body = withLink(campaignText(chosen.template, campaign.category, r, visits.get(r.contactId), settings, policy.refusalText, deps.provider.name),
          sampleLink);
        const cost = smsCost(body);
        return [{ contactId: r.contactId, ...(chosen.variant ? { variant: chosen.variant } : {}), body, encoding: cost.encoding, segments: cost.segments, chinaBilled: cost.chinaBilled }];
      } catch { return []; }
    });
    // The whole audience at the samples' average length: rendering every recipient is the send's work, not a preview's.
    const average = (pick: (s: CampaignPreview['samples'][number]) => number) => (samples.length ? samples.reduce((n, s) => n + pick(s), 0) / samples.length : 0);
    const segments = Math.round(average((s) => s.segments) * audience);
    // Priced as the reports will price it: the campaign's channel's own price, else the settings' (channel-prices.ts).
    const price = fromMicros(costMicros(await pricedChannels(ds.manager), campaign.channelId, 1));
    const preview: CampaignPreview = {
      samples, audience, ...(template ? { providerTemplate: { warnings } } : {}),
      estimate: { segments, chinaBilled: Math.round(average((s) => s.chinaBilled) * audience), pricePerSegment: price, cost: Math.round(segments * price * 100) / 100 },
    };
    res.json(preview);
  });

  router.post('/campaigns/:id/test', admin, async (req, res) => {
    const id = idParam(req);
    const { phone } = parseBody(testSendBody, req);
    const message = await sendTestMessage(deps, id, req.agent!, phone);
    res.status(202).json({ messageId: message.id });
  });

  /** Queues the audience before answering (100,000 contacts in seconds); a scheduled campaign answers at once. */
  router.post('/campaigns/:id/start', admin, async (req, res) => {
    const id = idParam(req);
    const draft = await load(id);
    const templateChannel = await templateChannelOf(deps.channels, draft.channelId, deps.config);
    requireProviderTemplate(draft, templateChannel);
    checkTemplateLink(templateChannel, draft.providerTemplate, draft.link);
    const lease = newQueueLease(clock.now());
    const row = await startCampaign(ds, id, clock.now(), lease);
    if (row.status === 'running') await (row.trigger ? queueDueContacts(queueDeps, id) : queueCampaign(queueDeps, id, lease));
    await publishProgress(ds, deps.bus, id, clock.now());
    res.json(await answer(id));
  });

  router.post('/campaigns/:id/pause', admin, async (req, res) => {
    const id = idParam(req);
    await pauseCampaign(ds, id, 'admin');
    await publishProgress(ds, deps.bus, id, clock.now());
    res.json(await answer(id));
  });

  router.post('/campaigns/:id/resume', admin, async (req, res) => {
    const id = idParam(req);
    const lease = newQueueLease(clock.now());
    await resumeCampaign(ds, id, lease);
    deps.bus.emit('outbox:queued', undefined);
    await queueCampaign(queueDeps, id, lease);
    await publishProgress(ds, deps.bus, id, clock.now());
    res.json(await answer(id));
  });

  router.post('/campaigns/:id/cancel', admin, async (req, res) => {
    const id = idParam(req);
    await cancelCampaign(ds, id);
    await publishProgress(ds, deps.bus, id, clock.now());
    res.json(await answer(id));
  });

  /** An admin's review of content taken down for complaints: restore it, or keep it down (what has not left is cancelled). */
  router.post('/campaigns/:id/review', admin, async (req, res) => {
    const id = idParam(req);
    const { decision } = parseBody(reviewBody, req);
    await reviewTakeDown(ds, id, decision, clock.now());
    await publishProgress(ds, deps.bus, id, clock.now());
    res.json(await answer(id));
  });

  router.get('/campaign-alarms', admin, async (_req, res) => {
    res.json(await campaignAlarms(ds.manager, clock.now(), (await deps.rulesets.get()).source.settings.timezone));
  });
  return router;
}
