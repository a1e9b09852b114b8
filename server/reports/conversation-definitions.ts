import { QUIET_HOURS } from './episode-state';

/** A definition as the dashboard shows it beside a figure, in both of the page's languages. */
export interface Definition { zh: string; en: string }

/**
 * What each conversation figure means, returned with the figures so the page shows the same sentences the code
 * follows (episode-state.ts is where they are applied).
 */
export const CONVERSATION_DEFINITIONS: Record<string, Definition> = {
  episode: {
    zh: '一次会话：从客户开启或重新开启会话的那条短信开始，到会话被解决为止。以下时间指标都按会话次数计算，并记在它开始的那一天。',
    en: 'An episode runs from the customer\'s text that opens or reopens a conversation to its resolution. Time metrics are per episode, counted on the day it started.',
  },
  inbound: { zh: '所选日期内收到的客户短信条数。', en: 'Customer texts received in the range.' },
  episodes: { zh: '所选日期内开始的会话次数。', en: 'Episodes that started in the range.' },
  handoffs: {
    zh: '转给人工的会话次数：机器人转人工（按原因），或客服从机器人手中接管（taken_over）、管理员分配（assigned）。每次会话只计第一次。',
    en: 'Episodes handed to a person: by the bot (with its reason), or taken from the bot by an agent (taken_over) or an admin\'s assignment (assigned). The first hand-off of an episode counts.',
  },
  botResolved: {
    zh: `机器人解决：没有转人工、也没有人工回复就结束的会话——由客服关闭，或机器人处理中客户 ${QUIET_HOURS} 小时未再发短信。`,
    en: `Bot-resolved: episodes that ended with no hand-off and no reply by a person — closed by an agent, or quiet for ${QUIET_HOURS} hours while the bot had the thread.`,
  },
  botResolutionRate: { zh: '机器人解决数 ÷ 会话次数（0–1）。', en: 'Bot-resolved ÷ episodes (0–1).' },
  unanswered: {
    zh: '已转人工但还没有人工回复的会话次数（仍在等待或未回复就关闭）。只计数，不以 0 秒计入首次响应时间。',
    en: 'Episodes handed to a person with no reply by a person yet (still waiting, or closed without one). A count only: never averaged into first response as zero.',
  },
  firstResponse: {
    zh: '首次响应时间：第一条人工公开回复（客服发给客户的任何短信，不含备注、机器人回复和自动提醒）减去会话开始与转人工两者中较晚的时间。机器人独自处理的会话不计入。',
    en: 'First response: the first public reply by a person (any SMS an agent sends, not a note, a bot reply or an automatic text) minus the later of the episode start and the hand-off. Bot-only episodes are excluded.',
  },
  resolution: {
    zh: '解决时间：从会话开始到客服将其解决。只计有人工参与、由客服解决的会话；机器人解决的不计入。',
    en: 'Resolution: from the episode start to a person resolving it, for episodes a person took part in; bot-resolved episodes are excluded.',
  },
  businessSeconds: {
    zh: '营业时间内的秒数：按当时生效的营业时间计算（每天多个时段、节假日休息日、调休上班日），非营业时间不计。',
    en: 'Business seconds count only the business hours in force when the value was written (several periods a day, closed dates, make-up workdays).',
  },
  median: {
    zh: '中位数与 90 分位数（线性插值，与 Excel PERCENTILE.INC 一致），取整到秒。时间范围不超过 31 天时为精确值；更长的范围中，总览的中位数与会话报表的解决时长（总计及每位客服）由按对数分桶（每桶宽约 4%）的汇总读取，与精确值相差不超过 4%（另加 1 秒取整），此时 precision 为 0.04；会话报表的首次响应时间始终为精确值。',
    en: 'Median and 90th percentile (linear interpolation, as Excel\'s PERCENTILE.INC), rounded to the second. Exact for ranges up to 31 days. Over a longer range the overview\'s medians and the conversations report\'s resolution times (in total and per agent) are read from log-spaced buckets (each ~4 % wide), within 4 % of the exact value (plus the 1 s rounding), and `precision` is 0.04; the conversations report\'s first-response times stay exact.',
  },
  backlog: {
    zh: '当前积压：由人工处理且未解决的会话（open）、其中无人负责的（unassigned），以及等待最久的客户已等待的秒数。与所选日期无关。',
    en: 'Backlog now: open conversations a person handles (open), those nobody is assigned (unassigned), and how long the longest-waiting customer has waited. Independent of the range.',
  },
  perAgent: {
    zh: '每位客服：他给出的首次响应、他解决的会话及解决时间、当前分配给他的未解决会话。客服只能看到自己的一行。',
    en: 'Per agent: the first responses they gave, the episodes they resolved and how long those took, and their open conversations now. Agents see their own row only.',
  },
  byHour: { zh: '按营业时区的小时（0–23）统计的客户短信与会话开始次数。', en: 'Customer texts and episode starts by hour of day in the business time zone (0–23).' },
  byLanguage: { zh: '按会话开始时客户的语言统计。', en: 'By the customer\'s language when the episode started.' },
};
