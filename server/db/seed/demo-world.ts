import type { EntityManager } from 'typeorm';
import { atLocalMinute, localDate } from '../../appointments/zoned-time';
import type { Location, Service } from '../entities';
import type { DemoPerson } from './demo-people';
import type { DemoTimeline, Thread } from './demo-timeline';
import { defaultRulesetSource } from './rules-defaults';

/** What every part of the demo's past month (demo-history.ts) writes with: the clinic, its people, a clock and dice. */
export interface DemoWorld {
  em: EntityManager;
  timezone: string;
  now: Date;
  timeline: DemoTimeline;
  people: Array<DemoPerson & { thread: Thread }>;
  /** The demo agents' ids: the Chinese-speaking front desk, and Sam for English. */
  agents: { zh: number[]; en: number };
  location: Location;
  services: Map<string, Service>;
  businessName: string;
  /** A number in [0, 1): the same sequence every time, so every fresh demo tells the same month. */
  random: () => number;
}

/** mulberry32: a small seeded generator (Math.random cannot be seeded). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const between = (w: DemoWorld, min: number, max: number): number => min + Math.floor(w.random() * (max - min + 1));
export const pick = <T>(w: DemoWorld, items: readonly T[]): T => items[Math.floor(w.random() * items.length)]!;
export const chance = (w: DemoWorld, p: number): boolean => w.random() < p;

/** A local time `daysAgo` days before today, in the clinic's zone. */
export const localAt = (w: DemoWorld, daysAgo: number, minute: number): Date => atLocalMinute(w.now, -daysAgo, minute, w.timezone);
export const plusMinutes = (d: Date, minutes: number): Date => new Date(d.getTime() + minutes * 60_000);
/** 0 = Sunday, as the clinic's week starts on Monday and rests on Sunday. */
export const weekdayOf = (w: DemoWorld, daysAgo: number): number => new Date(`${localDate(localAt(w, daysAgo, 720), w.timezone)}T12:00:00Z`).getUTCDay();

/** The shipped template's text, filled the simple way (these templates use plain {{name}} variables only). */
export function templateText(w: DemoWorld, key: string, locale: string, vars: Record<string, string | number>): string {
  const bodies = defaultRulesetSource.templates.find((t) => t.key === key)!.bodies as Record<string, string>;
  const body = bodies[locale] ?? (locale.startsWith('zh') ? bodies['zh-CN'] : bodies.en) ?? Object.values(bodies)[0]!;
  return body.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, name: string) => String({ 'business.name': w.businessName, ...vars }[name] ?? ''));
}

/** "12月3日 10:00" or "Dec 3, 10:00", in the clinic's zone. */
export function whenText(w: DemoWorld, at: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale.startsWith('zh') ? 'zh-CN' : 'en-US', {
    timeZone: w.timezone, month: locale.startsWith('zh') ? 'long' : 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false,
  }).format(at);
}

export const isZh = (p: DemoPerson): boolean => p.locale !== 'en';
