import { z } from 'zod';
import { loginSchema } from '../auth/auth.routes';
import { availabilitySchema, listSchema } from '../inbox/agents.routes';
import { profileSchema } from '../team/profile.routes';
import { acceptSchema, changeSchema, inviteSchema } from '../team/team.routes';
import { idPath, okAnswer } from './common-schemas';
import { agent, loginAnswer, meAnswer, profileAnswer } from './inbox-answers';
import { created, group, json } from './operation';
import { setupState } from './setup-answers';

const teamMember = z.looseObject({ id: z.number(), email: z.string(), name: z.string(), role: z.enum(['admin', 'agent']) });
const inviteAnswer = z.object({ agent: teamMember, inviteUrl: z.string() });

/** Sessions, the agent's own profile, and the team admins manage. */
export const teamPaths = group('Sessions and team', 'signed-in', [
  {
    method: 'post', path: '/api/auth/login', summary: 'Sign in: a Bearer token, and the session cookie', access: 'public', body: loginSchema,
    description: 'Repeated failures from one address or for one email are slowed down, then refused with 429.', ok: json(loginAnswer),
  },
  { method: 'post', path: '/api/auth/logout', summary: 'End this session', access: 'public', ok: json(okAnswer) },
  { method: 'get', path: '/api/auth/me', summary: 'Who is signed in, and the business time zone', ok: json(meAnswer) },
  {
    method: 'post', path: '/api/auth/accept-invite', summary: 'Accept an invitation (or a reset link) by choosing a password', access: 'public', body: acceptSchema,
    ok: json(loginAnswer.omit({ timezone: true })),
  },
  { method: 'get', path: '/api/me', summary: 'My profile', ok: json(profileAnswer) },
  { method: 'patch', path: '/api/me', summary: 'Change my name, language, phone or password', body: profileSchema, ok: json(profileAnswer) },
  { method: 'get', path: '/api/agents', summary: 'The team, with who is online and away', query: listSchema, ok: json(z.object({ items: z.array(agent.extend({ active: z.boolean().optional() }).loose()) })) },
  { method: 'post', path: '/api/agents/me/availability', summary: 'Step away from (or back to) new conversations', body: availabilitySchema, ok: json(z.object({ away: z.boolean() })) },
  { method: 'post', path: '/api/agents', summary: 'Invite an agent or admin', access: 'admin', body: inviteSchema, ok: created(inviteAnswer) },
  { method: 'patch', path: '/api/agents/{id}', summary: "Change an agent's role, name or whether they are active", access: 'admin', params: idPath, body: changeSchema, ok: json(z.object({ agent: teamMember })) },
  { method: 'post', path: '/api/agents/{id}/reset-link', summary: 'A new sign-in link for an agent who lost their password', access: 'admin', params: idPath, ok: json(inviteAnswer) },
  { method: 'get', path: '/api/setup', summary: "The first-run checklist's state", ok: json(setupState) },
  { method: 'post', path: '/api/setup/complete', summary: 'Mark the first-run checklist done', access: 'admin', ok: json(setupState) },
]);
