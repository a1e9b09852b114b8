import { Router } from 'express';
import { requireRole } from '../auth/require-role';
import { Channel, type ChannelCarries } from '../db/entities';
import type { ChannelList, ChannelView } from './channel-contract';
import { insertStamped } from '../db/insert-stamped';
import { inTransaction } from '../db/transaction';
import type { AppDeps } from '../deps';
import { HttpError, notFound } from '../http/errors';
import { idParam, parseBody } from '../http/validate';
import { providerConfigKeys, providerFactories, providerSecretKeys } from './channel-registry';
import type { ChannelSecrets } from './channel-secrets';
import { createChannelBody, patchChannelBody } from './channel-schemas';
import { checkCallbackOptions } from './channel-callbacks';


const micros = (price: number | null) => (price === null ? null : Math.round(price * 1_000_000));

/** Secrets are write-only: a view says which are set, never what they are. */
const toView = (c: Channel, secrets: ChannelSecrets): ChannelView => {
  const keys = Object.keys(secrets.open(c.secrets)).sort();
  return {
    id: c.id, name: c.name, provider: c.provider, sender: c.sender, ratePerSecond: c.ratePerSecond, carries: c.carries, config: c.config,
    secretsSet: keys.length > 0, secretKeysSet: keys, active: c.active, pricePerSegment: c.priceMicros == null ? null : c.priceMicros / 1_000_000,
    createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString(),
  };
};

/** The new sealed secrets: `changes` over the current ones, an empty value removing one. Refused without a key. */
function sealSecrets(secrets: ChannelSecrets, provider: string, current: string | null, changes: Record<string, string> | undefined): string | null {
  if (!changes || Object.keys(changes).length === 0) return current;
  const allowed = providerSecretKeys[provider] ?? [];
  const unknown = Object.keys(changes).find((k) => !allowed.includes(k));
  if (unknown) throw new HttpError(400, 'invalid_field', `${provider} takes no secret "${unknown}"`, `secrets.${unknown}`);
  if (!secrets.canStore) {
    throw new HttpError(409, 'secrets_key_missing', 'Set CHANNEL_SECRETS_KEY (32 bytes) on the server before storing a channel’s secrets: they are never kept in plain text', 'secrets');
  }
  const merged = { ...secrets.open(current), ...changes };
  for (const [k, v] of Object.entries(merged)) if (!v) delete merged[k];
  return Object.keys(merged).length ? secrets.seal(merged) : null;
}

/**
 * Channels (issue 15): the numbers, Messaging Services and signatures the business texts from, for admins. The
 * environment's provider is the default channel and is listed beside them, read-only.
 */
export function channelRoutes(deps: AppDeps): Router {
  const router = Router();
  const admin = requireRole(deps.sessions, 'admin');
  const { channelSecrets: secrets } = deps;

  router.get('/channels', admin, async (_req, res) => {
    const rows = await deps.ds.manager.find(Channel, { order: { id: 'ASC' } });
    const answer: ChannelList = {
      default: { provider: deps.provider.name, sender: deps.config.SMS_PROVIDER === 'twilio' ? deps.config.TWILIO_FROM ?? null : null, ratePerSecond: deps.config.SMS_RATE_PER_SECOND ?? null },
      secretsKeySet: secrets.canStore,
      // What the admin's form offers: each provider with the options and secrets it takes.
      providers: Object.keys(providerFactories).map((name) => ({ name, config: providerConfigKeys[name] ?? [], secrets: providerSecretKeys[name] ?? [] })),
      items: rows.map((c) => toView(c, secrets)),
    };
    res.json(answer);
  });

  router.post('/channels', admin, async (req, res) => {
    const body = parseBody(createChannelBody, req);
    await checkCallbackOptions(deps.ds.manager, deps.config, deps.channels, { provider: body.provider, channelId: null, config: body.config, secrets: body.secrets });
    const sealed = sealSecrets(secrets, body.provider, null, body.secrets);
    const channel = await inTransaction(deps.ds, (em) => insertStamped(em, Channel, {
      name: body.name, provider: body.provider, sender: body.sender, ratePerSecond: body.ratePerSecond, carries: body.carries as ChannelCarries,
      config: body.config, secrets: sealed, isDefault: false, active: body.active, templates: null, priceMicros: micros(body.pricePerSegment),
    }, deps.clock.now()));
    deps.channels.invalidate();   // this node sees the new channel at once; the others within a second
    res.status(201).json(toView(channel, secrets));
  });

  router.patch('/channels/:id', admin, async (req, res) => {
    const id = idParam(req);
    const body = parseBody(patchChannelBody, req);
    const channel = await inTransaction(deps.ds, async (em) => {
      const row = await em.findOneBy(Channel, { id });
      if (!row) throw notFound('Channel');
      await checkCallbackOptions(em, deps.config, deps.channels, { provider: row.provider, channelId: row.id, config: body.config, secrets: body.secrets });
      const { secrets: changes, pricePerSegment, ...rest } = body;
      Object.assign(row, Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)));
      if (pricePerSegment !== undefined) row.priceMicros = micros(pricePerSegment);
      row.secrets = sealSecrets(secrets, row.provider, row.secrets, changes);
      // Wall-clock, not the app clock: the registry rebuilds a channel's provider when this changes, on every node.
      row.updatedAt = new Date(Math.max(Date.now(), row.updatedAt.getTime() + 1));
      await em.save(row);
      return row;
    });
    deps.channels.invalidate();
    res.json(toView(channel, secrets));
  });
  return router;
}
