import type { CsatCounted } from './csat-counts';
import { addSurveys, csatOfCounts, isLow, isSatisfied, noSurveys, SCORES, type CsatFigures, type Survey } from './csat-figures';
import type { Definitions } from './definitions';
import { inPeriods, periodsOf, type Interval } from './local-periods';
import type { Cell } from './report-csv';
import { rate } from './report-math';
import { daysOf, type ReportRange } from './report-range';

export const CSAT_DEFINITIONS: Definitions = {
  surveysSent: {
    en: 'Satisfaction surveys that left in the range: one is sent when a visit is closed (at its end, or when an agent completes it).',
    zh: '本期发出的满意度调查短信：就诊结束（到点自动或客服标记完成）时发送。',
  },
  responses: {
    en: "Surveys of the range the customer answered with a score 1–5, whenever the answer came; a customer's later answer replaces the earlier one.",
    zh: '本期调查中客户回复了1–5分的数量（不论何时回复）；客户再次回复以最后一次为准。',
  },
  responseRate: { en: 'Responses ÷ surveys sent.', zh: '回复数 ÷ 发出的调查数。' },
  satisfiedRate: { en: 'Scores of 4 or 5 ÷ responses.', zh: '4分和5分的数量 ÷ 回复数。' },
  average: { en: 'The mean of the scores given.', zh: '所有评分的平均值。' },
  trend: {
    en: 'The same figures per day (or per week from Monday, for ranges over 62 days), by the day the survey was sent, in the business time zone.',
    zh: '按调查发送日（营业时区）每天（超过62天的区间按周，周一开始）统计的同样指标。',
  },
  lowScores: { en: 'Scores of 1 or 2, with the conversation to open.', zh: '1分和2分的评价，可打开对应的会话。' },
  language: { en: "Split by the contact's language (their locale).", zh: '按联系人的语言（locale）分组。' },
};

type Point = { date: string } & Omit<CsatFigures, 'distribution'>;

/** The figures per period, each period's local days added up (a week is its days, cut by the range). */
export function csatTrend(counted: CsatCounted, range: Pick<ReportRange, 'from' | 'days' | 'timezone'>, interval: Interval): Point[] {
  const periods = periodsOf(range, interval);
  const days = daysOf(range);
  return inPeriods(periods, days, (d) => d.start).map((inside, i) => {
    const counts = inside.reduce((sum, d) => addSurveys(sum, counted.byDay.get(d.date) ?? noSurveys()), noSurveys());
    const { distribution: _omitted, ...figures } = csatOfCounts(counts);
    return { date: periods[i]!.date, ...figures };
  });
}

/** Languages with a survey sent, in order. */
export const byLanguage = (counted: CsatCounted) =>
  [...counted.byLanguage].filter(([, c]) => c.sent > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([language, c]) => ({ language, ...csatOfCounts(c) }));

/** The answered surveys behind a figure: `satisfied` (4–5), `low` (1–2), one `score`, or all responses. */
export function responsesBehind(surveys: Survey[], q: { figure: 'surveys' | 'responses' | 'satisfied' | 'low'; score?: number; language?: string }): Survey[] {
  return surveys.filter((s) => s.sent && (!q.language || s.language === q.language) && (q.figure === 'surveys' || (s.score !== null
    && (q.figure !== 'satisfied' || isSatisfied(s.score)) && (q.figure !== 'low' || isLow(s.score)) && (q.score === undefined || s.score === q.score))));
}

/** Low scores, the most recent answer first: what a manager reads first. */
export const lowScores = (surveys: Survey[]) => responsesBehind(surveys, { figure: 'low' }).sort((a, b) => (b.ratedAt ?? b.at).getTime() - (a.ratedAt ?? a.at).getTime());

export const CSAT_TABLES = ['distribution', 'trend', 'language'] as const;

export function csatTable(f: CsatFigures, trend: Point[], languages: ReturnType<typeof byLanguage>, table: (typeof CSAT_TABLES)[number]): { columns: string[]; rows: Cell[][] } {
  const FIGURES = ['surveysSent', 'responses', 'responseRate', 'satisfied', 'satisfiedRate', 'average'] as const;
  switch (table) {
    case 'distribution': return { columns: ['score', 'responses', 'share'], rows: SCORES.map((n) => [n, f.distribution[n], rate(f.distribution[n], f.responses)]) };
    case 'trend': return { columns: ['date', ...FIGURES], rows: trend.map((p) => [p.date, ...FIGURES.map((k) => p[k])]) };
    case 'language': return { columns: ['language', ...FIGURES, ...SCORES.map((n) => `score${n}`)], rows: languages.map((l) => [l.language, ...FIGURES.map((k) => l[k]), ...SCORES.map((n) => l.distribution[n])]) };
  }
}
