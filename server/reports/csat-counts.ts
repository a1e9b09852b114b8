import type { EntityManager } from 'typeorm';
import { addSurveys, countSurveys, csatOfCounts, noSurveys, surveysIn, type CsatFigures, type SurveyCounts } from './csat-figures';
import { inPeriods } from './local-periods';
import { daysOf, type ReportRange } from './report-range';
import { exactSpan, localSeries, sumsBy, type RollupSum, type SeriesSum } from './rollup-read';

/** A range's survey counts in total, per local day ('YYYY-MM-DD') and per language. */
export interface CsatCounted { total: SurveyCounts; byDay: Map<string, SurveyCounts>; byLanguage: Map<string, SurveyCounts> }

/** Roll-up rows of kind `survey` (survey-rollups.ts) added into counts by key. */
function countsBy<K>(rows: ReadonlyArray<RollupSum | SeriesSum>, key: (r: RollupSum | SeriesSum) => K): Map<K, SurveyCounts> {
  const out = new Map<K, SurveyCounts>();
  for (const r of rows) {
    if (r.kind !== 'survey') continue;
    const k = key(r);
    let counts = out.get(k);
    if (!counts) out.set(k, counts = noSurveys());
    if (r.state === 'sent') counts.sent += r.n;
    else if (r.state.startsWith('score:')) counts.scores[Number(r.state.slice(6)) as keyof SurveyCounts['scores']] += r.n;
  }
  return out;
}

/**
 * The range's survey counts: from the roll-ups when the range is whole hours of one offset in its zone (rollup-read.ts
 * exactLocalSpan), as the conversation report decides; else from the rows (csat-figures.ts surveysIn), the same rule.
 */
export async function csatCounted(em: EntityManager, range: Pick<ReportRange, 'start' | 'end' | 'from' | 'days' | 'timezone'>): Promise<CsatCounted> {
  const local = await localSeries(em, range, ['survey']);
  if (local) {
    const byDay = countsBy(local.days, (r) => String((r as SeriesSum).at));
    const byLanguage = countsBy(await sumsBy(em, local.span, 'language', ['survey']), (r) => (r as RollupSum).value);
    return { total: [...byDay.values()].reduce(addSurveys, noSurveys()), byDay, byLanguage };
  }
  const surveys = await surveysIn(em, range);
  const days = daysOf(range);
  const byDay = new Map(inPeriods(days, surveys, (s) => s.at).map((inside, i) => [days[i]!.date, countSurveys(inside)]));
  const byLanguage = new Map([...new Set(surveys.map((s) => s.language))].map((language) => [language, countSurveys(surveys.filter((s) => s.language === language))]));
  return { total: countSurveys(surveys), byDay, byLanguage };
}

/** The CSAT figures of a range, for the overview (overview.ts) and the period before: roll-ups when its edges are whole UTC hours. */
export async function csatFigures(em: EntityManager, range: Pick<ReportRange, 'start' | 'end'>): Promise<CsatFigures> {
  const span = exactSpan(range);
  if (!span) return csatOfCounts(countSurveys(await surveysIn(em, range)));
  return csatOfCounts(countsBy(await sumsBy(em, span, 'all', ['survey']), () => 0).get(0) ?? noSurveys());
}
