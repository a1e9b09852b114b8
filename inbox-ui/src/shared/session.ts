import { reactive } from 'vue';
import { apiRequest } from './api';
import type { AgentView } from '../../../server/inbox/socket-contract';

/**
 * Who is signed in. The session lives in the server's httpOnly cookie, so it survives a reload and page scripts
 * never hold the token; on start the app simply asks /api/auth/me.
 */
export const session = reactive({
  agent: null as AgentView | null, checked: false,
  /** The business's time zone (settings), which every time shown is in (business-time.ts); undefined until known. */
  timezone: undefined as string | undefined,
});

/** The /api/auth/me request in flight, so a layout and its page mounting together ask once. */
let loading: Promise<AgentView | null> | null = null;

export function loadSession(): Promise<AgentView | null> {
  loading ??= apiRequest<{ agent: AgentView; timezone?: string }>('/api/auth/me').catch(() => null).then((me) => {
    const agent = me?.agent ?? null;
    session.agent = agent;
    session.timezone = me?.timezone ?? session.timezone;
    session.checked = true;
    loading = null;
    return agent;
  });
  return loading;
}

export async function logIn(email: string, password: string): Promise<AgentView> {
  const { agent, timezone } = await apiRequest<{ agent: AgentView; timezone?: string }>('/api/auth/login', { method: 'POST', body: { email, password } });
  session.agent = agent;
  session.timezone = timezone;
  return agent;
}

export async function logOut(): Promise<void> {
  await apiRequest('/api/auth/logout', { method: 'POST', body: {} }).catch(() => undefined);
  session.agent = null;
}
