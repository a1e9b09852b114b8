import { timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { HttpError } from '../http/errors';

/** zod transform for `*_CALLBACK_IPS`: "1.2.3.4, 10.0.0.0/8, 2001:db8::/32" → a list; a bad entry stops start-up. */
export const ipListVariable = z.string().optional().transform((raw, ctx): string[] => {
  const entries = (raw ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address);
    const prefixOk = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!family || !prefixOk || extra !== undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${entry}" is not an IP address or CIDR range` });
      return z.NEVER;
    }
  }
  return entries;
});

function allows(entries: string[], address: string, family: number): boolean {
  if (!entries.length) return true;
  const list = new BlockList();
  for (const entry of entries) {
    const [net, bits] = entry.split('/');
    const type = isIP(net) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(net, type); else list.addSubnet(net, Number(bits), type);
  }
  return list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

export function secretMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Where a provider may call: a channel, under its secret path if it has one, from its addresses. `channelId` null is
 * the environment's place, whose callbacks name their channel as on the plain paths (by the signature they carry).
 */
export interface CallbackPlace { channelId: number | null; secret: string | undefined; allowedIps: string[] }

/** The channel a callback was addressed to (a channel's secret path says which); undefined on the environment's paths. */
export const callbackChannel = (res: Response): number | undefined => res.locals.callbackChannelId as number | undefined;

function clientAddress(req: Request): { address: string; family: number } {
  const raw = (req.ip ?? req.socket.remoteAddress ?? '').split('%')[0];
  const address = raw.startsWith('::ffff:') && raw.includes('.') ? raw.slice(7) : raw;
  return { address, family: isIP(address) };
}

/**
 * Aliyun and Tencent sign nothing (PROVIDERS.md §2a, §3b), so their callbacks are guarded by place and source. A
 * secret (the environment's or a channel's) serves `routes` under `/<secret>/` (compared in constant time) and names
 * the channel; once any place of the provider has a secret, the plain paths are 404 like any unknown path. A place's
 * allow-list refuses other client addresses (as express's trust-proxy rules in app.ts see them) with 403; on the plain
 * paths an address passes when any place without a secret would take it.
 */
export function guardedCallbacks(options: { provider: string; places: () => Promise<CallbackPlace[]> }, routes: Router): Router {
  const router = Router();
  const refuse = (next: NextFunction) => next(new HttpError(403, 'forbidden_source', `This address may not call ${options.provider} callbacks`));

  router.use('/:secret', async (req: Request, res: Response, next: NextFunction) => {
    const given = String(req.params.secret);
    const place = (await options.places()).find((p) => p.secret && secretMatches(p.secret, given));
    if (!place) return next();
    const { address, family } = clientAddress(req);
    if (!family || !allows(place.allowedIps, address, family)) return refuse(next);
    res.locals.callbackChannelId = place.channelId ?? undefined;
    routes(req, res, next);
  });

  router.use(async (req: Request, _res: Response, next: NextFunction) => {
    const places = await options.places();
    if (places.some((p) => p.secret)) return next('router');
    const { address, family } = clientAddress(req);
    if (places.length && (!family || !places.some((p) => allows(p.allowedIps, address, family)))) return refuse(next);
    next();
  }, routes);
  return router;
}
