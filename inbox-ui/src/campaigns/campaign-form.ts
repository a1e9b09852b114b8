import { VARIANT_KEYS, type CampaignTrigger, type CampaignVariant, type CampaignWinner } from '../../../server/campaigns/campaign-contract';

// The campaign editor's A/B variants and trigger as the form keeps them (numbers as text, as typed), and what they
// become for the API. Pure, so test/ui can check them.

export type VariantKey = (typeof VARIANT_KEYS)[number];
export interface VariantRow { key: VariantKey; body: string; weight: string }

export const TRIGGER_KINDS = ['none', 'last_visit', 'date_attribute', 'no_show', 'tag_added'] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];
/** One box per number the trigger kinds take, so switching kinds keeps what was typed. */
export interface TriggerForm { kind: TriggerKind; months: string; key: string; daysBefore: string; days: string; tag: string }

/** Each variant's share of the test in whole percent, from relative weights (1 and 1 → 50 and 50); blanks count 0. */
export function variantShares(rows: Array<Pick<VariantRow, 'weight'>>): number[] {
  const weights = rows.map((r) => Math.max(0, Number(r.weight) || 0));
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => (total ? Math.round((w * 100) / total) : 0));
}

/** The first key not taken (A, B, … H), or undefined when eight variants exist. */
export function nextVariantKey(rows: Array<Pick<VariantRow, 'key'>>): VariantKey | undefined {
  return VARIANT_KEYS.find((k) => !rows.some((r) => r.key === k));
}

/** Turning A/B on: the text written so far becomes A, B starts empty. */
export function startVariants(body: string): VariantRow[] {
  return [{ key: 'A', body, weight: '1' }, { key: 'B', body: '', weight: '1' }];
}

export const variantRows = (variants: CampaignVariant[] | null | undefined): VariantRow[] =>
  (variants ?? []).map((v) => ({ key: v.key, body: v.body, weight: String(v.weight) }));

/**
 * Numbers as typed: a blank or non-number goes as NaN (null in JSON) so the server names the field
 * (`variants.1.weight`). Vue's v-model hands a number box's value over as a number once typed in.
 */
export const typed = (text: string | number): number => (String(text).trim() === '' ? Number.NaN : Number(text));

export const variantsInput = (rows: VariantRow[]): CampaignVariant[] =>
  rows.map((r) => ({ key: r.key, body: r.body, weight: typed(r.weight) }));

export function triggerForm(trigger: CampaignTrigger | null | undefined): TriggerForm {
  const form: TriggerForm = { kind: 'none', months: '6', key: '', daysBefore: '0', days: '1', tag: '' };
  if (!trigger) return form;
  switch (trigger.kind) {
    case 'last_visit': return { ...form, kind: trigger.kind, months: String(trigger.months) };
    case 'date_attribute': return { ...form, kind: trigger.kind, key: trigger.key, daysBefore: String(trigger.daysBefore ?? 0) };
    case 'no_show': return { ...form, kind: trigger.kind, days: String(trigger.days) };
    case 'tag_added': return { ...form, kind: trigger.kind, tag: trigger.tag };
  }
}

/** The trigger to store, or null for a campaign sent now or at its time. */
export function triggerInput(form: TriggerForm): CampaignTrigger | null {
  switch (form.kind) {
    case 'none': return null;
    case 'last_visit': return { kind: 'last_visit', months: typed(form.months) };
    case 'date_attribute': return { kind: 'date_attribute', key: form.key, daysBefore: typed(form.daysBefore) };
    case 'no_show': return { kind: 'no_show', days: typed(form.days) };
    case 'tag_added': return { kind: 'tag_added', tag: form.tag.trim() };
  }
}

/** A p-value in words a person reads: "< 0.001" rather than 1.2e-7. */
export const pValueText = (p: number): string => (p < 0.001 ? '< 0.001' : p.toFixed(3));

/** A p-value as a phrase: "p < 0.001" rather than "p = 0.000". */
export const pPhrase = (p: number): string => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);

const percentOf = (t: { sent: number; successes: number }) => (t.sent ? `${((t.successes * 100) / t.sent).toFixed(1)}%` : '0.0%');

/**
 * What a winner's reason is worded with (its message is `winnerReason.<code>`), or null for a winner chosen before
 * reasons carried their numbers: its significance alone is said.
 * @example winnerReasonValues({ key: 'B', pValue: 0.0004, reason: { code: 'significant', alpha: 0.05, best: { sent: 100, successes: 30 }, rest: { sent: 100, successes: 10 } } … })
 *   // → { key: 'B', bestOk: 30, bestSent: 100, bestRate: '30.0%', restOk: 10, restSent: 100, restRate: '10.0%', p: 'p < 0.001', alpha: 0.05, sent: 200 }
 */
export function winnerReasonValues(w: Pick<CampaignWinner, 'key' | 'pValue' | 'reason'>): Record<string, string | number> | null {
  const { best, rest, alpha } = w.reason;
  if (!best || !rest) return null;
  return {
    key: w.key, bestOk: best.successes, bestSent: best.sent, bestRate: percentOf(best), restOk: rest.successes, restSent: rest.sent,
    restRate: percentOf(rest), p: pPhrase(w.pValue), alpha, sent: best.sent + rest.sent,
  };
}
