import { createHash, randomBytes } from 'node:crypto';
import type { Agent } from '../db/entities';
import { INVITE_DAYS, type MemberStatus, type TeamMemberView } from './team-contract';


export const hashInviteToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * A fresh one-time link's token and what the agent row keeps of it: the hash only, so a leaked backup opens nothing.
 * Issuing one replaces any earlier link of the same agent.
 */
export function issueInvite(now: Date): { token: string; inviteTokenHash: string; inviteExpiresAt: Date } {
  const token = randomBytes(32).toString('base64url');
  return { token, inviteTokenHash: hashInviteToken(token), inviteExpiresAt: new Date(now.getTime() + INVITE_DAYS * 86_400_000) };
}

/** The page where the link's holder sets a password. */
export const inviteUrl = (origin: string, token: string): string => `${origin.replace(/\/$/, '')}/invite/${token}`;

/** An invited agent has no password yet: the empty hash matches nothing (verifyPassword refuses it). */
export const NO_PASSWORD = '';

export function memberStatus(a: Pick<Agent, 'active' | 'passwordHash'>): MemberStatus {
  if (!a.active) return 'inactive';
  return a.passwordHash === NO_PASSWORD ? 'invited' : 'active';
}

export const toTeamMemberView = (a: Agent): TeamMemberView => ({
  id: a.id, email: a.email, name: a.name, role: a.role, locale: a.locale, active: a.active, status: memberStatus(a),
  lastLoginAt: a.lastLoginAt?.toISOString() ?? null,
  inviteExpiresAt: a.inviteTokenHash && a.inviteExpiresAt ? a.inviteExpiresAt.toISOString() : null,
});
