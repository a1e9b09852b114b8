import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * When each channel may next send, shared by every node through the database when there is no Redis
 * (channel-pacer.ts). Milliseconds since the epoch, by the granting node's clock.
 */
@Entity('channel_pace')
export class ChannelPace {
  @PrimaryColumn({ name: 'channel_key', type: 'varchar', length: 40 }) channelKey!: string;
  @Column({ name: 'next_at_ms', type: 'bigint', transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } }) nextAtMs!: number;
}
