import { reactive } from 'vue';
import { apiRequest } from './api';
import type { AgentView } from '../../../server/inbox/socket-contract';

/**
 * Who is signed in. The session lives in the server's httpOnly cookie, so it survives a reload and page scripts
 * never hold the token; on start the app simply asks /api/auth/me.
 */
export const session = reactive({ agent: null as AgentView | null, checked: false });

export async function loadSession(): Promise<AgentView | null> {
  try {
    session.agent = (await apiRequest<{ agent: AgentView }>('/api/auth/me')).agent;
  } catch {
    session.agent = null;
  }
  session.checked = true;
  return session.agent;
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
