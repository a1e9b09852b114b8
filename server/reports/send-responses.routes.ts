import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/require-role';
import type { AppDeps } from '../deps';
import { HttpError } from '../http/errors';
import { boundedText, oneOf } from '../http/query-schemas';
import { parseQuery } from '../http/validate';
import type { Definitions } from './definitions';
import { sendRows } from './drill-down';
import { sendCsvTable } from './report-csv';
import { csvName, formatQuery, parsePage, rangeOf, rangeView } from './report-query';
import { parseSend, recipientsBehind, RESPONSE_DRILL_FIGURES, RESPONSE_HOURS, sendResponses, type RecipientResponse } from './send-responses';

export const RESPONSE_DEFINITIONS: Definitions = {
  send: {
    en: 'A campaign, or a template the clinic texts people with unprompted (reminders, confirmations, surveys); the bot\'s answers and test sends are no send.',
    zh: '一个营销活动，或诊所主动发出的模板短信（预约提醒、确认、满意度调查）；机器人的自动回复和测试发送不计。',
  },
  delivered: {
    en: 'Texts of the send delivered, written in the range: each text is one recipient (a person reminded twice counts twice), as the opt-out rate per send counts them, so figures add up over sends and periods.',
    zh: '本期写入并已送达的该发送内容短信条数：每条短信算一位收件人（提醒两次的顾客计两次），与按发送内容统计的退订率口径一致，各发送内容、各时段可相加。',
  },
  responseRate: {
    en: 'Delivered texts answered within 72 h, before any other text of ours reached the person (counted once however often they wrote) ÷ delivered texts. A reply answers the latest text the person got.',
    zh: '送达后72小时内、且在我们发出下一条短信之前得到回复的短信（对方回复多次只计一次）÷ 送达短信数。回复归属于对方最近收到的一条短信。',
  },
};

export const TABLES = ['sends'] as const;
export const drillQuery = z.object({ send: boundedText(80), figure: oneOf(RESPONSE_DRILL_FIGURES) });
const ITEM_COLUMNS = ['messageId', 'sentAt', 'replyId', 'repliedAt', 'reply', 'contactId', 'contactName', 'phone', 'conversationId'] as const;

/**
 * `GET /api/reports/responses`: the response rate of each send (campaigns and templates) in the range;
 * `/responses/items?send=&figure=` the recipients behind one, with the reply that answered them. Admins only, as the
 * campaign report is: sends are named by their campaigns.
 */
export function sendResponseRoutes(deps: AppDeps): Router {
  const router = Router();
  const { ds } = deps;
  router.use('/reports/responses', requireRole(deps.sessions, 'admin'));

  router.get('/reports/responses', async (req, res) => {
    const range = await rangeOf(req, deps);
    const { format } = parseQuery(formatQuery(TABLES), req);
    const sends = await sendResponses(ds.manager, range);
    if (format === 'csv') {
      const columns = ['send', 'kind', 'name', 'delivered', 'replied', 'responseRate'];
      return sendCsvTable(res, csvName('responses', 'sends', range), columns, sends.map((s) => [s.send, s.kind, s.name, s.delivered, s.replied, s.responseRate]));
    }
    res.json({ range: rangeView(range), responseHours: RESPONSE_HOURS, sends, definitions: RESPONSE_DEFINITIONS });
  });

  router.get('/reports/responses/items', async (req, res) => {
    const range = await rangeOf(req, deps);
    const q = parseQuery(drillQuery, req);
    const send = parseSend(q.send);
    if (!send) throw new HttpError(400, 'invalid_field', 'send: must be campaign:<id> or template:<key>', 'send');
    const page = parsePage(req);
    const rows = await recipientsBehind(ds.manager, range, send, q.figure);
    await sendRows(res, ds.manager, rows, page, {
      name: csvName(`responses-${q.send}`, q.figure, range), columns: ITEM_COLUMNS, item: (r: RecipientResponse) => r,
    });
  });
  return router;
}
