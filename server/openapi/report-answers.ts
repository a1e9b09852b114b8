import { z } from 'zod';

/** The dashboard's overview (server/reports/overview.ts): a range, one object per section, the previous period and a series per day. */
const range = z.object({ from: z.string(), to: z.string() });
export const overview = z.looseObject({
  range: range.extend({ timezone: z.string() }),
  messages: z.looseObject({ sent: z.number(), delivered: z.number(), failed: z.number(), received: z.number() }),
  optOuts: z.looseObject({ count: z.number() }),
  previous: z.looseObject({ range }),
  series: z.array(z.looseObject({ date: z.string() })),
  definitions: z.record(z.string(), z.unknown()),
});

/** Most reports: the range they cover and their tables, whose columns the definitions name. */
export const reportTables = z.looseObject({ range: z.looseObject({ from: z.string(), to: z.string() }) })
  .describe('A report: its `range` and its tables (see `definitions` in the answer for what each figure means).');

/** Drill-down lists page with a cursor or an offset. */
export const reportItems = z.looseObject({ items: z.array(z.looseObject({})) });
