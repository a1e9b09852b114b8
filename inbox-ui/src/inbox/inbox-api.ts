import type { Command as AppointmentCommand } from '../../../server/appointments/command-names';
import { apiRequest } from '../shared/api';
import type { CannedPreview } from '../../../server/canned/canned-contract';
import type { ReplyRules } from '../../../server/channels/reply-rules-contract';
import type { ViewCounts } from '../../../server/inbox/socket-contract';
import type { AgentView, ContactView, ConversationView, ConversationViewName, MessageView, NoteView, Page } from '../../../server/inbox/socket-contract';
import type { BulkAction, BulkResponse, ConversationPriority, LabelCount, StartedConversation } from '../../../server/inbox/socket-contract';

export interface ConsentEntry { id: number; kind: 'opt_in' | 'opt_out'; source: string; detail: string | null; createdAt: string }
export interface ContactDetail extends ContactView { optedOutAt: string | null; timezone: string; consent: ConsentEntry[] }
/** `actions`: what the server accepts for this appointment now, by its clock (a browser's clock may be off). */
export interface AppointmentView { id: number; serviceId: number | null; service: string; location: string | null; startsAt: string; endsAt: string; status: string; actions: AppointmentCommand[] }
export interface Slot { startsAt: string; endsAt: string }

const post = <T>(path: string, body: unknown = {}) => apiRequest<T>(path, { method: 'POST', body });

/** Every REST call the inbox makes, typed by the shared contract. */
export const inboxApi = {
  /** `filters`: label, assignee, priority, channel; empty ones are left out. */
  conversations: (view: ConversationViewName, q: string, cursor: string | null, filters: Record<string, string> = {}) =>
    apiRequest<Page<ConversationView>>(`/api/conversations?${new URLSearchParams({
      view, ...(q ? { q } : {}), ...(cursor ? { cursor } : {}), ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), limit: '50',
    })}`),
  labels: () => apiRequest<{ items: LabelCount[] }>('/api/conversations/labels'),
  setTools: (id: number, tools: { labels?: string[]; priority?: ConversationPriority | null }) =>
    apiRequest<ConversationView>(`/api/conversations/${id}`, { method: 'PATCH', body: tools }),
  bulk: (body: { ids: number[]; action: BulkAction; assigneeId?: number | null; label?: string }) => post<BulkResponse>('/api/conversations/bulk', body),
  start: (body: { phone: string; body: string; name?: string }) => post<StartedConversation>('/api/conversations', body),
  counts: () => apiRequest<ViewCounts>('/api/conversations/counts'),
  conversation: (id: number) => apiRequest<ConversationView>(`/api/conversations/${id}`),
  messages: (id: number) => apiRequest<{ items: MessageView[] }>(`/api/conversations/${id}/messages`),
  notes: (id: number) => apiRequest<{ items: NoteView[] }>(`/api/conversations/${id}/notes`),
  addNote: (id: number, body: string) => post<NoteView>(`/api/conversations/${id}/notes`, { body }),
  /** The lettered offer of free times the bot would have sent in answer to `messageId`, sent as this agent. */
  botOffer: (id: number, messageId: number) => post<MessageView>(`/api/conversations/${id}/bot-offer`, { messageId }),
  reply: (id: number, content: { body: string } | { template: string }) => post<MessageView>(`/api/conversations/${id}/messages`, content),
  /** What the composer may send on this conversation's provider (template-only providers limit or refuse free text). */
  replyRules: (id: number) => apiRequest<ReplyRules>(`/api/conversations/${id}/reply-rules`),
  canned: (id: number) => apiRequest<{ items: CannedPreview[] }>(`/api/conversations/${id}/canned-replies`),
  act: (id: number, action: 'take-over' | 'hand-back' | 'resolve' | 'reopen' | 'read') => post<ConversationView>(`/api/conversations/${id}/${action}`),
  assign: (id: number, assigneeId: number | null) => post<ConversationView>(`/api/conversations/${id}/assign`, { assigneeId }),
  snooze: (id: number, until: string | null) => post<ConversationView>(`/api/conversations/${id}/snooze`, { until }),
  agents: () => apiRequest<{ items: AgentView[] }>('/api/agents'),
  setAway: (away: boolean) => post<{ away: boolean }>('/api/agents/me/availability', { away }),
  contact: (id: number) => apiRequest<ContactDetail>(`/api/contacts/${id}`),
  addTag: (id: number, tag: string) => post<ContactView>(`/api/contacts/${id}/tags`, { tag }),
  removeTag: (id: number, tag: string) => apiRequest<ContactView>(`/api/contacts/${id}/tags/${encodeURIComponent(tag)}`, { method: 'DELETE' }),
  appointments: (contactId: number) => apiRequest<{ items: AppointmentView[] }>(`/api/appointments?contactId=${contactId}`),
  rescheduleOptions: (appointmentId: number) => apiRequest<{ items: Slot[] }>(`/api/appointments/${appointmentId}/reschedule-options?limit=3`),
  appointmentCommand: (id: number, command: 'confirm' | 'cancel' | 'reschedule', body: object = {}) => post<AppointmentView>(`/api/appointments/${id}/${command}`, body),
};
