import { z } from 'zod';
import { cannedQuery, createCannedBody, patchCannedBody } from '../canned/canned-schemas';
import {
  assignSchema, botOfferSchema, bulkSchema, conversationToolsSchema, listQuerySchema, noteSchema, replySchema, snoozeSchema, startConversationSchema,
} from '../inbox/command-schemas';
import { mediaParams } from '../media/media.routes';
import { notificationsQuery, readNotificationsBody } from '../notifications/notification-schemas';
import { messagesQuery, sendSchema } from '../simulator/simulator.routes';
import { idPath, itemsOf } from './common-schemas';
import {
  bulkAnswer, cannedPreview, cannedReply, conversation, conversationPage, labelCounts, message, note, notificationPage, notificationsRead,
  replyRules, simulatorMessage, startedConversation, templatePreview, thread, viewCounts,
} from './inbox-answers';
import { created, group, json, type ApiOperation } from './operation';

/** POST /api/conversations/{id}/<action>: each answers the conversation as it now is. */
const conversationAction = (action: string, summary: string, body?: ApiOperation['body']) =>
  ({ method: 'post' as const, path: `/api/conversations/{id}/${action}`, summary, params: idPath, body, ok: json(conversation) });

export const inboxPaths = group('Inbox', 'signed-in', [
  { method: 'get', path: '/api/conversations', summary: 'Conversations in a view, newest activity first (cursor pages)', query: listQuerySchema, ok: json(conversationPage) },
  { method: 'get', path: '/api/conversations/counts', summary: 'How many conversations, and how many unread, in each view', ok: json(viewCounts) },
  { method: 'get', path: '/api/conversations/labels', summary: 'Every label in use with how many conversations carry it', ok: json(labelCounts) },
  { method: 'post', path: '/api/conversations', summary: 'Text a number first: starts (or reopens) its conversation', body: startConversationSchema, ok: created(startedConversation) },
  { method: 'post', path: '/api/conversations/bulk', summary: 'One action on many conversations, each answered on its own', body: bulkSchema, ok: json(bulkAnswer) },
  { method: 'patch', path: '/api/conversations/{id}', summary: "Change a conversation's labels or priority", params: idPath, body: conversationToolsSchema, ok: json(conversation) },
  { method: 'get', path: '/api/conversations/{id}', summary: 'One conversation', params: idPath, ok: json(conversation) },
  { method: 'get', path: '/api/conversations/{id}/messages', summary: 'The thread, oldest first', params: idPath, ok: json(thread) },
  { method: 'post', path: '/api/conversations/{id}/messages', summary: "An agent's reply (text or a template)", params: idPath, body: replySchema, ok: created(message) },
  { method: 'post', path: '/api/conversations/{id}/bot-offer', summary: "Send the bot's suggested answer to a text", params: idPath, body: botOfferSchema, ok: created(message) },
  { method: 'get', path: '/api/conversations/{id}/templates', summary: 'Templates this conversation can be answered with, previewed for its contact', params: idPath, ok: json(itemsOf(templatePreview)) },
  { method: 'get', path: '/api/conversations/{id}/reply-rules', summary: "What the conversation's channel allows a reply to be (free text or templates only)", params: idPath, ok: json(replyRules) },
  { method: 'get', path: '/api/conversations/{id}/notes', summary: 'Internal notes on the conversation', params: idPath, ok: json(itemsOf(note)) },
  { method: 'post', path: '/api/conversations/{id}/notes', summary: 'Add an internal note (@mentions notify)', params: idPath, body: noteSchema, ok: created(note) },
  conversationAction('take-over', 'Take the conversation over from the bot'),
  conversationAction('hand-back', 'Hand the conversation back to the bot'),
  conversationAction('assign', 'Assign to an agent (or nobody)', assignSchema),
  conversationAction('resolve', 'Resolve the conversation'),
  conversationAction('reopen', 'Reopen a resolved conversation'),
  conversationAction('snooze', 'Snooze until a time (or wake now with null)', snoozeSchema),
  conversationAction('read', 'Mark the conversation read'),
  {
    method: 'get', path: '/api/conversations/{id}/activity', summary: 'Quiet lines of the thread: taken over, resolved, appointments, consent', params: idPath,
    ok: json(z.object({ timezone: z.string(), items: z.array(z.looseObject({ id: z.string(), conversationId: z.number(), kind: z.string(), actor: z.string(), at: z.string() })) })),
  },
  { method: 'get', path: '/api/conversations/{id}/canned-replies', summary: 'Canned replies filled in for this conversation', params: idPath, ok: json(itemsOf(cannedPreview)) },
  { method: 'get', path: '/api/canned-replies', summary: 'Canned replies I can use', query: cannedQuery, ok: json(itemsOf(cannedReply)) },
  { method: 'post', path: '/api/canned-replies', summary: 'Save a canned reply (shared ones: admins)', body: createCannedBody, ok: created(cannedReply) },
  { method: 'patch', path: '/api/canned-replies/{id}', summary: 'Change a canned reply', params: idPath, body: patchCannedBody, ok: json(cannedReply) },
  { method: 'delete', path: '/api/canned-replies/{id}', summary: 'Delete a canned reply', params: idPath, ok: json(z.object({ deleted: z.literal(true) })) },
  { method: 'get', path: '/api/notifications', summary: 'My notifications (the bell)', query: notificationsQuery, ok: json(notificationPage) },
  { method: 'post', path: '/api/notifications/read', summary: 'Mark notifications read', body: readNotificationsBody, ok: json(notificationsRead) },
  {
    method: 'get', path: '/api/messages/{id}/media/{index}', summary: "A message's picture or attachment, fetched through Huixin (never the provider's URL)", params: mediaParams,
    ok: { description: 'The file, with its content type', contentType: 'application/octet-stream' },
  },
]);

/** The phone simulator: only with SMS_PROVIDER=loopback (404 otherwise). */
export const simulatorPaths = group('Phone simulator', 'signed-in', [
  { method: 'get', path: '/api/simulator/phones', summary: 'Phones the simulator knows', ok: json(itemsOf(z.object({ phone: z.string(), name: z.string().nullable() }))) },
  { method: 'get', path: '/api/simulator/messages', summary: "A simulated phone's messages", query: messagesQuery, ok: json(itemsOf(simulatorMessage)) },
  { method: 'post', path: '/api/simulator/messages', summary: 'Text Huixin from a simulated phone', body: sendSchema, ok: json(z.object({ ok: z.literal(true), messageId: z.number() })) },
  {
    method: 'post', path: '/api/simulator/pictures', summary: 'Upload a picture for a simulated text', bodyType: 'image/jpeg',
    body: z.string().describe('The picture\'s bytes (image/jpeg, image/png …)'), ok: created(z.object({ picture: z.string() })),
  },
]);
