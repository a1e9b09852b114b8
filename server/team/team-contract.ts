/**
 * What the team routes answer (server/team/*.routes.ts), shared with the admin's Team page and the profile page; this
 * file imports nothing but types, so the browser build includes it.
 */
import type { Role } from '../inbox/socket-contract';

export const ROLES = ['admin', 'agent'] as const satisfies readonly Role[];
export const LOCALES = ['zh-CN', 'en'] as const;

/** How long an invitation or a password-reset link works. */
export const INVITE_DAYS = 7;

/** invited: has a link and no password yet; inactive: deactivated, cannot sign in, history kept. */
export type MemberStatus = 'active' | 'invited' | 'inactive';

/** An agent as the admin's Team page sees them (GET /api/agents for admins adds these to the inbox's AgentView). */
export interface TeamMemberView {
  id: number; email: string; name: string; role: Role; locale: string; active: boolean; status: MemberStatus;
  lastLoginAt: string | null;
  /** When the open one-time link (an invitation or a password reset) stops working; null when there is none. */
  inviteExpiresAt: string | null;
}

/** POST /api/agents and POST /api/agents/:id/reset-link: the link is shown once, to the admin, who passes it on. */
export interface InviteAnswer { agent: TeamMemberView; inviteUrl: string }

/** GET/PATCH /api/me. */
export interface ProfileView { id: number; email: string; name: string; role: Role; locale: string; phone?: string | null }
