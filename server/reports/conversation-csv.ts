import { localTime } from '../../rules';
import { csvLine } from '../contacts/transfer/export-csv';
import type { ConversationFigures } from './conversation-figures';
import type { EpisodeView } from './episode-list';
import type { Timing } from './timing';

/** Excel reads a CSV as UTF-8 only with a byte-order mark; without it, Chinese names come out garbled. */
export const BOM = '\uFEFF';

/** The tables of the conversations report that export as CSV (`?format=csv&table=`). */
export const FIGURE_TABLES = ['byDay', 'byHour', 'byLanguage', 'perAgent', 'handoffsByReason'] as const;
export type FigureTable = (typeof FIGURE_TABLES)[number];

const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const timingCells = (t: Timing) => [t.count, t.medianSeconds, t.p90Seconds, t.businessMedianSeconds, t.businessP90Seconds].map(cell);
const TIMING_HEADERS = (prefix: string) => ['count', 'median_seconds', 'p90_seconds', 'business_median_seconds', 'business_p90_seconds'].map((h) => `${prefix}_${h}`);

/**
 * One table of the figures as CSV text: a header line, then a line per row, formula-looking cells escaped
 * (csvLine). Columns are stable English keys, as the JSON's.
 */
export function figureTableCsv(figures: ConversationFigures, table: FigureTable): string {
  const lines: string[][] = (() => {
    switch (table) {
      case 'byDay': return [
        ['date', 'inbound', 'episodes', 'handoffs', 'bot_resolved', 'unanswered', 'first_response_median_seconds', 'business_first_response_median_seconds'],
        ...figures.byDay.map((d) => [d.date, d.inbound, d.episodes, d.handoffs, d.botResolved, d.unanswered, d.firstResponseMedianSeconds, d.businessFirstResponseMedianSeconds].map(cell)),
      ];
      case 'byHour': return [['hour', 'inbound', 'episodes'], ...figures.byHour.map((h) => [h.hour, h.inbound, h.episodes].map(cell))];
      case 'byLanguage': return [
        ['language', 'episodes', 'handoffs', 'bot_resolved', 'bot_resolution_rate', 'unanswered', 'first_response_median_seconds', 'business_first_response_median_seconds'],
        ...figures.byLanguage.map((l) => [l.language, l.episodes, l.handoffs, l.botResolved, l.botResolutionRate, l.unanswered, l.firstResponseMedianSeconds, l.businessFirstResponseMedianSeconds].map(cell)),
      ];
      case 'perAgent': return [
        ['agent_id', 'agent', ...TIMING_HEADERS('first_response'), 'resolved', ...TIMING_HEADERS('resolution'), 'open_now'],
        ...figures.perAgent.map((a) => [cell(a.agentId), a.name, ...timingCells(a.firstResponse), cell(a.resolved), ...timingCells(a.resolution), cell(a.openNow)]),
      ];
      case 'handoffsByReason': return [['reason', 'handoffs'], ...Object.entries(figures.handoffsByReason).sort((a, b) => b[1] - a[1]).map(([r, n]) => [r, cell(n)])];
    }
  })();
  return BOM + lines.map(csvLine).join('');
}

/** 'YYYY-MM-DD HH:MM:SS' on the business's clock: what a manager reading the sheet expects to see. */
function localStamp(iso: string | null, timezone: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  const t = localTime(d, timezone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${t.year}-${two(t.month)}-${two(t.day)} ${two(t.hour)}:${two(t.minute)}:${two(d.getUTCSeconds())}`;
}

/** The per-episode export's header; times are local to the business, and the column names say which zone. */
export function episodeCsvHeader(timezone: string): string {
  const at = (name: string) => `${name} (${timezone})`;
  return BOM + csvLine([
    'episode_id', 'conversation_id', 'contact', 'phone', 'language', 'channel_id', 'state', at('started_at'), 'customer_texts',
    at('handoff_at'), 'handoff_reason', at('first_response_at'), 'first_response_agent', 'first_response_seconds', 'first_response_business_seconds',
    at('resolved_at'), 'resolved_by', 'resolved_agent', 'resolution_seconds', 'resolution_business_seconds', 'bot_resolved',
  ]);
}

export function episodeCsvLines(items: readonly EpisodeView[], timezone: string): string {
  return items.map((e) => csvLine([
    e.id, e.conversationId, e.contact.name, e.contact.phone, e.language, e.channelId, e.state, localStamp(e.startedAt, timezone), e.inboundCount,
    localStamp(e.handoffAt, timezone), e.handoffReason, localStamp(e.firstResponseAt, timezone), e.firstResponseAgent?.name, e.firstResponseSeconds,
    e.firstResponseBusinessSeconds, localStamp(e.resolvedAt, timezone), e.resolvedBy, e.resolvedAgent?.name, e.resolutionSeconds,
    e.resolutionBusinessSeconds, e.botResolved ? 'true' : 'false',
  ].map(cell))).join('');
}
