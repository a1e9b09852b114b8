import { defineAsyncComponent, h } from 'vue';

/**
 * The chart component, loaded after the page: ECharts is most of the dashboard's weight, and the tiles and tables
 * need none of it. Sections show the chart's place (its height) until it arrives.
 */
export const ReportChart = defineAsyncComponent({
  loader: () => import('./ReportChart.vue'),
  loadingComponent: { render: () => h('div', { class: 'chart-placeholder', 'aria-hidden': 'true' }) },
  delay: 0,
});

/** Colours that read on white and apart from each other for the common colour-blindnesses (no red–green pairs alone). */
export const COLORS = {
  sent: '#4263eb',
  delivered: '#12b886',
  failed: '#e8590c',
  received: '#7048e8',
  pending: '#adb5bd',
  rate: '#1c2430',
  text: '#12b886',
  staff: '#4263eb',
  none: '#adb5bd',
  low: '#e8590c',
  mid: '#fab005',
  high: '#12b886',
} as const;

/** A local date as a short axis label: 2026-11-24 → 11-24. */
export const shortDate = (date: string): string => date.slice(5);

/** A horizontal bar chart's height for its number of bars: room for each, within reason. */
export const barsHeight = (bars: number): number => Math.min(380, Math.max(140, 44 * bars + 70));

const regionNames = new Map<string, Intl.DisplayNames>();
/**
 * A region the server names by ISO code (CN, HK; 'US/CA' for +1, '?' unknown) in the agent's language.
 * @example regionName('HK', 'zh-CN') // → '中国香港特别行政区'
 */
export function regionName(code: string, lang: string): string {
  if (!/^[A-Z]{2}$/.test(code)) return code;
  let names = regionNames.get(lang);
  if (!names) regionNames.set(lang, names = new Intl.DisplayNames([lang], { type: 'region' }));
  return names.of(code) ?? code;
}
