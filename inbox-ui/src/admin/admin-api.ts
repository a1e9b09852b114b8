import type { CampaignAlarms } from '../../../server/campaigns/campaign-contract';
import { apiRequest } from '../shared/api';
import type { Decision, MatchKind, MenuOption, RuleDef, Settings, Trace } from '../../../rules/types';
import type { SmsCost } from '../../../server/admin/sms-segments';
import type { VersionChange } from '../../../server/admin/version-contract';
import type { WeeklyPeriods } from '../../../rules/dates/periods';

// Typed calls to the admin REST API (server/admin/*.routes.ts). Types come from the engine's own contract.
export type { RuleDef, MatchKind, Settings, MenuOption };

export interface TemplateView { key: string; bodies: Record<string, string>; menu: MenuOption[]; menuTtlMinutes: number | null; system: boolean; variables: string[]; cost: Record<string, SmsCost> }
export interface SimulateAnswer { action: Decision['action']; params: Decision['params']; intent?: string; confidence?: number; reply?: string; ruleId?: string; trace: Trace }
export interface Accuracy { heldOut: number; correct: number; accuracy: number | null; misses: Array<{ text: string; expected: string; got: string | null }> }
export interface IntentView { name: string; phrases: Array<{ id: number; text: string; heldOut: boolean }> }
/** As server/admin/review-queue.ts sends it: the guess names its intent as `intent`. */
export interface ReviewItem { messageId: number; text: string; receivedAt: string; reason: string; guess: { intent: string; score: number } | null }
export interface VersionView {
  version: string; author: string | null; authorName: string | null; summary: string; createdAt: string;
  /** The save's kind (create, update, rollback…; null for the seeded first version) and, for a rollback, the version restored. */
  operation: string | null; restores: string | null;
  /** What this save changed against the version before it. */
  changes: VersionChange[];
}
export type RuleInput = Omit<RuleDef, 'id'>;
/** A rule's changes; null clears an optional field. */
export type RuleEdit = Partial<Omit<RuleInput, 'addTags'>> & { addTags?: string[] | null };

export interface LocationView {
  id: number; name: string; address: string; phone: string; timezone: string; capacity: number; slotMinutes: number; weeklyHours: WeeklyPeriods; closedDates: string[];
}
export interface ServiceView { id: number; name: string; names: Record<string, string>; durationMinutes: number; bufferMinutes: number; locationIds: number[]; staffIds: number[]; active: boolean }
export interface StaffView { id: number; name: string; locationId: number | null; serviceIds: number[]; weeklyHours: WeeklyPeriods | null; active: boolean }
export interface ReminderOffset { minutes: number; unlessConfirmed: boolean }
export type { WeeklyPeriods };

const post = <T>(path: string, body: unknown = {}) => apiRequest<T>(path, { method: 'POST', body });
const put = <T>(path: string, body: unknown) => apiRequest<T>(path, { method: 'PUT', body });

export const adminApi = {
  rules: () => apiRequest<{ items: RuleDef[] }>('/api/rules'),
  createRule: (rule: RuleInput) => post<{ rule: RuleDef; version: string }>('/api/rules', rule),
  updateRule: (id: string, rule: RuleEdit) => put<{ rule: RuleDef; version: string }>(`/api/rules/${id}`, rule),
  deleteRule: (id: string) => apiRequest(`/api/rules/${id}`, { method: 'DELETE' }),
  reorderRules: (ids: string[]) => post('/api/rules/reorder', { ids }),
  simulate: (body: { text: string; inReplyTo?: string; locale?: string; draft?: { rules: Array<Partial<RuleDef>> } }) => post<SimulateAnswer>('/api/rules/simulate', body),

  templates: () => apiRequest<{ items: TemplateView[] }>('/api/templates'),
  saveTemplate: (t: { key: string; bodies: Record<string, string>; menu: MenuOption[] }, isNew: boolean) =>
    isNew ? post<{ template: TemplateView }>('/api/templates', t) : put<{ template: TemplateView }>(`/api/templates/${t.key}`, { bodies: t.bodies, menu: t.menu }),
  preview: (body: string, locale: string, key?: string) => post<{ text: string; cost: SmsCost }>('/api/templates/preview', { body, locale, key }),

  intents: () => apiRequest<{ intents: IntentView[]; accuracy: Accuracy; threshold: number; margin: number }>('/api/intents'),
  addPhrase: (intent: string, text: string, heldOut: boolean) => post<{ accuracy: Accuracy; compileMs: number }>(`/api/intents/${intent}/phrases`, { text, heldOut }),
  deletePhrase: (id: number) => apiRequest<{ accuracy: Accuracy; compileMs: number }>(`/api/intents/phrases/${id}`, { method: 'DELETE' }),
  reviewQueue: () => apiRequest<{ items: ReviewItem[] }>('/api/intents/review'),
  teach: (messageId: number, intent: string | null) => post<{ accuracy?: Accuracy; compileMs?: number }>(`/api/intents/review/${messageId}`, { intent }),

  /** Services, locations and staff (server/appointments/catalog-admin.routes.ts): POST creates, PATCH changes. */
  catalog: <T>(kind: 'services' | 'locations' | 'staff') => apiRequest<{ items: T[] }>(`/api/${kind}`),
  saveCatalog: <T>(kind: 'services' | 'locations' | 'staff', id: number | null, body: unknown) =>
    (id === null ? post<T>(`/api/${kind}`, body) : apiRequest<T>(`/api/${kind}/${id}`, { method: 'PATCH', body })),
  deleteCatalog: (kind: 'services' | 'locations' | 'staff', id: number) => apiRequest(`/api/${kind}/${id}`, { method: 'DELETE' }),

  settings: () => apiRequest<{ settings: Settings & { reminders: ReminderOffset[] }; handoffTexts: Record<string, Record<string, string>> }>('/api/settings'),
  saveSettings: (body: Partial<Settings> & { reminders?: ReminderOffset[] } & { handoffTexts?: Record<string, Record<string, string>> }) => put<{ settings: Settings }>('/api/settings', body),

  versions: () => apiRequest<{ items: VersionView[]; timezone: string }>('/api/versions'),
  campaignAlarms: () => apiRequest<CampaignAlarms>('/api/campaign-alarms'),
  rollback: (version: string) => post<{ version: string }>(`/api/versions/${version}/rollback`),
  exportConfig: () => apiRequest<Record<string, unknown>>('/api/config/export'),
  importConfig: (file: unknown) => post<{ version: string }>('/api/config/import', file),
};
