import { createHash, randomBytes } from 'node:crypto';
import { LessThan, MoreThan, Not, type DataSource, type EntityManager } from 'typeorm';
import { Agent, Session } from '../db/entities';
import type { Clock } from '../shared/clock';

const SESSION_DAYS = 14;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Opaque bearer tokens; the database keeps only their hashes, so a leaked backup logs nobody in. */
export class SessionStore {
  constructor(private readonly ds: DataSource, private readonly clock: Clock) {}

  async create(agentId: number): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.now().getTime() + SESSION_DAYS * 86_400_000);
    await this.ds.manager.save(Session, { tokenHash: sha256(token), agentId, expiresAt });
    await this.ds.manager.delete(Session, { expiresAt: LessThan(this.clock.now()) });
    return token;
  }

  async agentFor(token: string | undefined): Promise<Agent | null> {
    if (!token) return null;
    const session = await this.ds.manager.findOneBy(Session, { tokenHash: sha256(token), expiresAt: MoreThan(this.clock.now()) });
    if (!session) return null;
    return this.ds.manager.findOneBy(Agent, { id: session.agentId, active: true });
  }

  async revoke(token: string): Promise<void> {
    await this.ds.manager.delete(Session, { tokenHash: sha256(token) });
  }

  /** Ends every session of an agent (deactivated, or a new password) but `keep`, inside the caller's transaction. */
  async endAllFor(em: EntityManager, agentId: number, keep?: string): Promise<void> {
    await em.delete(Session, { agentId, ...(keep ? { tokenHash: Not(sha256(keep)) } : {}) });
  }
}
