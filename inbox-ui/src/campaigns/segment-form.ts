import type { SegmentDefinition } from './campaigns-api';

/** The builder's fields as typed (text boxes), and the definition the server takes from them. */
export interface SegmentForm {
  name: string; tagsAny: string; tagsAll: string; consent: '' | 'marketing' | 'transactional'; tiers: string[];
  noVisitMonths: string; upcomingWithinDays: string; noShowWithinDays: string;
  attributes: Array<{ key: string; op: 'equals' | 'before' | 'after'; value: string }>; phones: string;
}

export const emptySegmentForm = (): SegmentForm => ({
  name: '', tagsAny: '', tagsAll: '', consent: '', tiers: [], noVisitMonths: '', upcomingWithinDays: '', noShowWithinDays: '', attributes: [], phones: '',
});

/** "vip, 洗牙 新客" → ['vip', '洗牙', '新客']: commas (either width), spaces and new lines all separate. */
export const splitList = (text: string): string[] => text.split(/[\s,，、;；]+/).map((s) => s.trim()).filter(Boolean);
/** Pasted phones: one a line or comma-separated, never split on spaces ("+86 139 0013 9000" is one number). */
export const splitPhones = (text: string): string[] => text.split(/[\n\r,，、;；]+/).map((s) => s.trim()).filter(Boolean);
const count = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text));

/** Only the conditions filled in: an empty box is no condition (the server reads an absent key as "any"). */
export function toDefinition(f: SegmentForm): SegmentDefinition & { name: string } {
  const def: SegmentDefinition & { name: string } = { name: f.name.trim() };
  const any = splitList(f.tagsAny); if (any.length) def.tagsAny = any;
  const all = splitList(f.tagsAll); if (all.length) def.tagsAll = all;
  if (f.consent) def.consent = f.consent;
  if (f.tiers.length) def.tiers = f.tiers as SegmentDefinition['tiers'];
  def.noVisitMonths = count(f.noVisitMonths);
  def.upcomingWithinDays = count(f.upcomingWithinDays);
  def.noShowWithinDays = count(f.noShowWithinDays);
  const attributes = f.attributes.filter((a) => a.key.trim());
  if (attributes.length) def.attributes = attributes.map((a) => ({ ...a, key: a.key.trim() }));
  const phones = splitPhones(f.phones); if (phones.length) def.phones = phones;
  for (const key of Object.keys(def) as Array<keyof typeof def>) if (def[key] === undefined) delete def[key];
  return def;
}

export function fromDefinition(name: string, d: SegmentDefinition): SegmentForm {
  const num = (n: number | undefined) => (n === undefined ? '' : String(n));
  return {
    name, tagsAny: (d.tagsAny ?? []).join(', '), tagsAll: (d.tagsAll ?? []).join(', '), consent: d.consent ?? '', tiers: [...(d.tiers ?? [])],
    noVisitMonths: num(d.noVisitMonths), upcomingWithinDays: num(d.upcomingWithinDays), noShowWithinDays: num(d.noShowWithinDays),
    attributes: (d.attributes ?? []).map((a) => ({ ...a })), phones: (d.phones ?? []).join('\n'),
  };
}
