import { reactive } from 'vue';
import { apiRequest } from './api';
import type { AgentView } from '../../../server/inbox/socket-contract';

/**
 * Who is signed in. The session lives in the server's httpOnly cookie, so it survives a reload and page scripts
 * never hold the token; on start the app simply asks /api/auth/me.
 */
export const session = reactive({ agent: null as AgentView | null, checked: false });

/** The /api/auth/me request in flight, so a layout and its page mounting together ask once. */
let loading: Promise<AgentView | null> | null = null;

export function loadSession(): Promise<AgentView | null> {
  loading ??= apiRequest<{ agent: AgentView }>('/api/auth/me').then((r) => r.agent, () => null).then((agent) => {
    session.agent = agent;
    session.checked = true;
    loading = null;
    return agent;
  });
  return loading;
}

export async function logIn(email: string, password: string): Promise<AgentView> {
  const { agent } = await apiRequest<{ agent: AgentView }>('/api/auth/login', { method: 'POST', body: { email, password } });
  session.agent = agent;
  return agent;
}

export async function logOut(): Promise<void> {
  await apiRequest('/api/auth/logout', { method: 'POST', body: {} }).catch(() => undefined);
  session.agent = null;
}
