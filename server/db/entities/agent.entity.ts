import { Entity, PrimaryGeneratedColumn } from 'typeorm';
import { BoolColumn, CreatedAt, IntColumn, TimestampColumn, VarcharColumn } from './columns';

export type Role = 'admin' | 'agent';

@Entity('agents')
export class Agent {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @VarcharColumn(190, { unique: true }) email!: string;
  @VarcharColumn(100) name!: string;
  @VarcharColumn(200, { name: 'password_hash' }) passwordHash!: string;
  @VarcharColumn(8) role!: Role;
  @VarcharColumn(10, { default: 'zh-CN' }) locale!: string;
  /** The agent's own mobile (E.164), where a campaign's test send goes; optional, set on their profile. */
  @VarcharColumn(20, { nullable: true }) phone?: string | null;
  @BoolColumn({ default: true }) active!: boolean;
  /** Signed in but not taking new conversations: automatic assignment passes them by. */
  @BoolColumn() away!: boolean;
  /** Round-robin's counter at this agent's last automatic assignment (0: never): the lowest goes next. */
  @IntColumn({ name: 'assigned_turn', default: 0 }) assignedTurn!: number;
  /** SHA-256 of the one-time link that sets a password (an invitation or a reset); null when none is open. */
  @VarcharColumn(64, { name: 'invite_token_hash', nullable: true, unique: true }) inviteTokenHash!: string | null;
  @TimestampColumn({ name: 'invite_expires_at', nullable: true }) inviteExpiresAt!: Date | null;
  @TimestampColumn({ name: 'last_login_at', nullable: true }) lastLoginAt!: Date | null;
  @CreatedAt() createdAt!: Date;
}

/** A login: the token itself is never stored, only its SHA-256. */
@Entity('sessions')
export class Session {
  @VarcharColumn(64, { primary: true, name: 'token_hash' }) tokenHash!: string;
  @IntColumn({ name: 'agent_id' }) agentId!: number;
  @TimestampColumn({ name: 'expires_at' }) expiresAt!: Date;
  @CreatedAt() createdAt!: Date;
}
