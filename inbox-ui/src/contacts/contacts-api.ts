import { apiRequest } from '../shared/api';
import type {
  AttributeDeleted, AttributeTypeName, ConsentEventView, ContactAttributeView, ContactDetail, ContactListItem, ContactPage, EraseAnswer, MergeAnswer,
} from '../../../server/contacts/contacts-contract';

// Typed calls to the contacts routes (server/contacts/*.routes.ts) and the custom fields. The shapes are the server's
// own contract (types only, so nothing of the server is bundled).
export type { ContactDetail, ContactPage, EraseAnswer, MergeAnswer };
export type AttributeValue = string | number;
export type ContactRow = ContactListItem;
export type ConsentRecord = ConsentEventView;
export type AttributeType = AttributeTypeName;
export type AttributeDef = ContactAttributeView;
export interface ContactInput { phone?: string; name?: string | null; locale?: string; timezone?: string; tags?: string[]; attributes?: Record<string, AttributeValue | null>; marketingConsent?: boolean }
export interface RowNote { line: number; field: string; message: string }
/** `errors`: refused rows (nothing of them written); `notes`: rows imported or skipped with a remark. Lists are capped, counts are not. */
export interface ImportAnswer {
  created: number; updated: number; skipped: number; errors: RowNote[];
  rejected?: number; errorCount?: number; notes?: RowNote[]; noteCount?: number; encoding?: string; complete?: boolean;
}
export interface ContactFilters { q: string; tag: string; consent: string; activity: string }
export interface ImportOptions { mapping: Record<string, string>; source: string; region: string; dryRun: boolean }

const send = <T>(method: string, path: string, body: unknown = {}) => apiRequest<T>(path, { method, body });
const DAY_MS = 86_400_000;

/** The list's query string from the filters: "active in 30 days" → activeSince, "inactive 90+ days" → inactiveSince. */
export function filterQuery(f: ContactFilters, now = Date.now()): URLSearchParams {
  const params = new URLSearchParams();
  if (f.q.trim()) params.set('q', f.q.trim());
  if (f.tag) params.set('tag', f.tag);
  if (f.consent) params.set('consent', f.consent);
  const m = /^(active|inactive)(\d+)$/.exec(f.activity);
  if (m) params.set(m[1] === 'active' ? 'activeSince' : 'inactiveSince', new Date(now - Number(m[2]) * DAY_MS).toISOString());
  return params;
}

export const contactsApi = {
  list: (f: ContactFilters, cursor: string | null, limit = 50) => {
    const params = filterQuery(f);
    params.set('limit', String(limit));
    if (cursor) params.set('cursor', cursor);
    return apiRequest<ContactPage>(`/api/contacts?${params}`);
  },
  /** The export takes the list's filters, so the file holds what the page shows. */
  exportUrl: (f: ContactFilters) => `/api/contacts/export?${filterQuery(f)}`,
  get: (id: number) => apiRequest<ContactDetail>(`/api/contacts/${id}`),
  create: (body: ContactInput) => send<ContactDetail>('POST', '/api/contacts', body),
  update: (id: number, body: ContactInput) => send<ContactDetail>('PATCH', `/api/contacts/${id}`, body),
  merge: (id: number, otherId: number) => send<MergeAnswer>('POST', `/api/contacts/${id}/merge`, { otherId }),
  erase: (id: number) => apiRequest<EraseAnswer>(`/api/contacts/${id}`, { method: 'DELETE' }),
  fields: () => apiRequest<{ items: AttributeDef[] }>('/api/contact-attributes'),
  createField: (body: Omit<AttributeDef, 'id'>) => send<AttributeDef>('POST', '/api/contact-attributes', body),
  updateField: (id: number, body: Partial<Omit<AttributeDef, 'id' | 'key'>>) => send<AttributeDef>('PATCH', `/api/contact-attributes/${id}`, body),
  deleteField: (id: number) => apiRequest<AttributeDeleted>(`/api/contact-attributes/${id}`, { method: 'DELETE' }),
  /** The file's own bytes go up as they are: the server detects UTF-8, a BOM or GBK, so nothing is re-encoded here. */
  import: (file: Blob, o: ImportOptions): Promise<ImportAnswer> => {
    const params = new URLSearchParams({ mapping: JSON.stringify(o.mapping), source: o.source, dryRun: String(o.dryRun) });
    if (o.region) params.set('region', o.region);
    return apiRequest<ImportAnswer>(`/api/contacts/import?${params}`, { method: 'POST', rawBody: { content: file, type: 'text/csv' } });
  },
};
