import type { AgentView, Role } from '../../../server/inbox/socket-contract';
import type { InviteAnswer, ProfileView, TeamMemberView } from '../../../server/team/team-contract';
import { ApiError, apiRequest } from './api';
import { describeError } from './error-text';
import { t, type MessageKey } from './i18n';

// Typed calls to the team routes (server/team/*.routes.ts) and the words for their refusals, by field.
export type { InviteAnswer, ProfileView, TeamMemberView };

const send = <T>(method: string, path: string, body: unknown = {}) => apiRequest<T>(path, { method, body });

export const teamApi = {
  /** Everyone, deactivated included: admins only. */
  members: () => apiRequest<{ items: TeamMemberView[] }>('/api/agents?include=inactive'),
  /** The inbox's directory of active agents, which every agent may read. */
  directory: () => apiRequest<{ items: AgentView[] }>('/api/agents'),
  invite: (body: { email: string; name: string; role: Role }) => send<InviteAnswer>('POST', '/api/agents', body),
  change: (id: number, body: Partial<Pick<TeamMemberView, 'name' | 'role' | 'active'>>) => send<{ agent: TeamMemberView }>('PATCH', `/api/agents/${id}`, body),
  resetLink: (id: number) => send<InviteAnswer>('POST', `/api/agents/${id}/reset-link`),
  acceptInvite: (token: string, password: string) => send<{ token: string }>('POST', '/api/auth/accept-invite', { token, password }),
  profile: () => apiRequest<{ agent: ProfileView }>('/api/me'),
  saveProfile: (body: { name?: string; locale?: string; password?: string; currentPassword?: string }) => send<{ agent: ProfileView }>('PATCH', '/api/me', body),
};

const BY_CODE: Record<string, MessageKey> = {
  email_taken: 'emailTaken', last_admin: 'lastAdmin', wrong_password: 'wrongPassword', invite_used: 'inviteUnusable', invite_expired: 'inviteUnusable',
};

/** A refusal as the field it names (or '' for the form as a whole) and words in the agent's language. */
export function refusal(e: unknown): { field: string; text: string } {
  if (!(e instanceof ApiError)) return { field: '', text: describeError(e) };
  const key = BY_CODE[e.code];
  const text = key ? t(key) : describeError(e);
  return { field: e.field ?? '', text };
}
