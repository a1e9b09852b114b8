import { z, type ZodType } from 'zod';
import type { Definitions } from '../reports/definitions';
import type { rangeView } from '../reports/report-query';
import type { SameShape } from './common-schemas';

/**
 * What every report answer is made of (server/reports/): the range it covers, the definitions of its figures, and
 * the two kinds of list behind a figure. The answers themselves are in the `*-report-answers.ts` files beside this one.
 */

const dates = { from: z.string().describe('YYYY-MM-DD, local'), to: z.string().describe('YYYY-MM-DD, local') };
export const localRange = z.object({ ...dates, timezone: z.string() });

/** report-query.ts rangeView: the local dates, their zone, and the period of the same length just before. */
export const reportRange = localRange.extend({ previous: z.object(dates).describe('The period the `previous` figures cover') })
  .meta({ id: 'ReportRange' });
true satisfies SameShape<typeof reportRange, ReturnType<typeof rangeView>>;

export const definitions = z.record(z.string(), z.object({ zh: z.string(), en: z.string() }))
  .describe('What each figure of the answer means, in Chinese and in English').meta({ id: 'ReportDefinitions' });
true satisfies SameShape<typeof definitions, Definitions>;

/** A share 0–1 (report-math.ts rate), null when there is nothing to divide by. */
export const share = z.number().nullable().describe('0–1; null when there is nothing to divide by');
export const seconds = z.number().nullable();

/** Lists read from the newest with a cursor (messages, opt-outs, episodes): `nextCursor` null on the last page. */
export const cursorPage = <T extends ZodType>(item: T) => z.object({
  items: z.array(item), nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last'),
});

/** drill-down.ts ContactCells: who a drill-down row is about, with the thread to open. */
export const contactCells = {
  contactId: z.number(), contactName: z.string().nullable(),
  phone: z.string().describe('Masked as the logs mask it (138****8000); empty when the contact was erased'),
  conversationId: z.number().nullable(),
};

/** drill-down.ts sendRows/sendPage: the very rows a figure counted, a page at a time by offset. */
export const offsetPage = <T extends ZodType>(item: T) => z.object({
  items: z.array(item), total: z.number().describe('Rows behind the figure, over every page'),
  nextOffset: z.number().nullable().describe('Pass as `offset` for the next page; null on the last'),
});
