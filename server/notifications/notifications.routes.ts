import { Router } from 'express';
import { In, IsNull, LessThan, type FindOptionsWhere } from 'typeorm';
import { requireRole } from '../auth/require-role';
import { AgentNotification } from '../db/entities';
import { inTransaction } from '../db/transaction';
import type { AppDeps } from '../deps';
import { parseBody, parseQuery } from '../http/validate';
import type { NotificationPage, NotificationReadEvent } from './notification-contract';
import { notificationsQuery, readNotificationsBody } from './notification-schemas';
import { toNotificationViews } from './notification-views';

/**
 * The inbox's bell (issue 14 item 3): each agent reads and clears their own notifications only; another agent's ids
 * simply match nothing. A read is announced to the agent's other tabs, so every badge agrees.
 */
export function notificationRoutes(deps: AppDeps): Router {
  const router = Router();
  const signedIn = requireRole(deps.sessions);
  const unreadOf = (agentId: number) => deps.ds.manager.countBy(AgentNotification, { agentId, readAt: IsNull() });

  router.get('/notifications', signedIn, async (req, res) => {
    const { limit, before } = parseQuery(notificationsQuery, req);
    const agentId = req.agent!.id;
    const rows = await deps.ds.manager.find(AgentNotification, {
      where: { agentId, ...(before ? { id: LessThan(before) } : {}) }, order: { id: 'DESC' }, take: limit + 1,
    });
    const page = rows.slice(0, limit);
    const body: NotificationPage = {
      items: await toNotificationViews(deps.ds.manager, page), unread: await unreadOf(agentId),
      nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null,
    };
    res.json(body);
  });

  router.post('/notifications/read', signedIn, async (req, res) => {
    const body = parseBody(readNotificationsBody, req);
    const agentId = req.agent!.id;
    const where: FindOptionsWhere<AgentNotification> = {
      agentId, readAt: IsNull(), ...(body.ids ? { id: In(body.ids) } : {}), ...(body.conversationId ? { conversationId: body.conversationId } : {}),
    };
    const read = await inTransaction(deps.ds, async (em) => {
      const ids = (await em.find(AgentNotification, { where, select: { id: true } })).map((n) => n.id);
      if (ids.length) await em.update(AgentNotification, { id: In(ids), agentId }, { readAt: deps.clock.now() });
      return { ids, unread: await em.countBy(AgentNotification, { agentId, readAt: IsNull() }) };
    });
    if (read.ids.length) deps.bus.emit('notification:read', { agentId, ...read });
    const answer: NotificationReadEvent = read;
    res.json(answer);
  });

  return router;
}
