import { Router, type Request } from 'express';
import { requireRole } from '../auth/require-role';
import { campaignNamesOf, campaignOf } from '../conversations/campaign-names';
import { toMessageView } from '../conversations/views';
import { decisionOf, decisionsOfReplies } from '../conversations/reply-decisions';
import { Message } from '../db/entities';
import { contactsIn } from '../db/repositories/contacts.repository';
import { conversationsIn } from '../db/repositories/conversations.repository';
import type { AppDeps } from '../deps';
import { replyChannel, replyRules } from '../channels/reply-rules';
import { idParam, parseBody, parseQuery } from '../http/validate';
import { sendAgentReply } from './agent-reply';
import { assignSchema, botOfferSchema, bulkSchema, conversationToolsSchema, listQuerySchema, noteSchema, replySchema, snoozeSchema, startConversationSchema } from './command-schemas';
import { labelsInUse } from '../conversations/conversation-labels';
import { runBulk } from './bulk-actions';
import { startConversation } from './start-conversation';
import { sendBotOffer } from './bot-offer';
import { agentRoutes } from './agents.routes';
import { countViews, listConversations, withContactsAndLastMessages } from './conversation-list';
import { addNote, listNotes } from './notes';
import { templatePreviews } from './template-previews';

/** The agent inbox's REST API (DESIGN §5): everything the UI does, so other tools can drive the inbox too. */
export function inboxRoutes(deps: AppDeps): Router {
  const router = Router();
  const signedIn = requireRole(deps.sessions);
  const service = deps.conversations;

  router.get('/conversations', signedIn, async (req, res) => {
    res.json(await listConversations(deps.ds, { ...parseQuery(listQuerySchema, req), agentId: req.agent!.id }));
  });

  router.get('/conversations/counts', signedIn, async (req, res) => {
    res.json(await countViews(deps.ds, req.agent!.id));
  });

  // Before /conversations/:id, which would read "labels" as an id.
  router.get('/conversations/labels', signedIn, async (_req, res) => {
    res.json({ items: await labelsInUse(deps.ds) });
  });

  router.post('/conversations', signedIn, async (req, res) => {
    res.status(201).json(await startConversation(deps, req.agent!, parseBody(startConversationSchema, req)));
  });

  router.post('/conversations/bulk', signedIn, async (req, res) => {
    res.json(await runBulk(service, req.agent!, parseBody(bulkSchema, req)));
  });

  router.patch('/conversations/:id', signedIn, async (req, res) => {
    const id = idParam(req);
    res.json(await service.setTools(id, req.agent!, parseBody(conversationToolsSchema, req)));
  });

  router.get('/conversations/:id', signedIn, async (req, res) => {
    const conv = await conversationsIn(deps.ds.manager).getById(idParam(req));
    res.json((await withContactsAndLastMessages(deps.ds, [conv]))[0]);
  });

  router.get('/conversations/:id/messages', signedIn, async (req, res) => {
    const conv = await conversationsIn(deps.ds.manager).getById(idParam(req));
    const contact = await contactsIn(deps.ds.manager).getById(conv.contactId);
    const messages = await deps.ds.manager.find(Message, { where: { conversationId: conv.id }, order: { id: 'DESC' }, take: 500 });
    const campaigns = await campaignNamesOf(deps.ds.manager, messages);
    const decisions = await decisionsOfReplies(deps.ds.manager, messages);
    res.json({ items: messages.reverse().map((m) => toMessageView(m, contact.phone, campaignOf(m, campaigns), decisionOf(m, decisions))) });
  });

  router.post('/conversations/:id/messages', signedIn, async (req, res) => {
    res.status(201).json(await sendAgentReply(deps, idParam(req), req.agent!, parseBody(replySchema, req)));
  });

  // "Do what the bot would have done" when that was offering times: the same lettered offer, sent by this agent.
  router.post('/conversations/:id/bot-offer', signedIn, async (req, res) => {
    res.status(201).json(await sendBotOffer(deps, idParam(req), req.agent!, parseBody(botOfferSchema, req).messageId));
  });

  router.get('/conversations/:id/templates', signedIn, async (req, res) => {
    res.json({ items: await templatePreviews(deps, idParam(req)) });
  });

  // What the composer may send here: template-only providers (Aliyun, Tencent) limit or refuse free text.
  router.get('/conversations/:id/reply-rules', signedIn, async (req, res) => {
    const conv = await conversationsIn(deps.ds.manager).getById(idParam(req));
    res.json(replyRules(await replyChannel(deps.ds.manager, deps.config, deps.channels, conv.channelId ?? null)));
  });

  router.get('/conversations/:id/notes', signedIn, async (req, res) => {
    res.json({ items: await listNotes(deps, idParam(req)) });
  });
  router.post('/conversations/:id/notes', signedIn, async (req, res) => {
    res.status(201).json(await addNote(deps, idParam(req), req.agent!, parseBody(noteSchema, req).body));
  });

  const action = (path: string, run: (req: Request) => Promise<unknown>) =>
    router.post(`/conversations/:id/${path}`, signedIn, async (req, res) => { res.json(await run(req)); });
  action('take-over', (req) => service.takeOver(idParam(req), req.agent!));
  action('hand-back', (req) => service.handBack(idParam(req), req.agent!));
  action('assign', (req) => service.assign(idParam(req), req.agent!, parseBody(assignSchema, req).assigneeId));
  action('resolve', (req) => service.resolve(idParam(req), req.agent!));
  action('reopen', (req) => service.reopen(idParam(req), req.agent!));
  action('snooze', (req) => {
    const { until } = parseBody(snoozeSchema, req);
    return service.snooze(idParam(req), req.agent!, until ? new Date(until) : null);
  });
  action('read', (req) => service.markRead(idParam(req)));

  router.use(agentRoutes(deps));
  return router;
}
