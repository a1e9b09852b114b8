import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * A channel's secrets (auth tokens, access keys) at rest: AES-256-GCM under CHANNEL_SECRETS_KEY, stored as
 * `v1:<iv>:<tag>:<ciphertext>` in base64. Without the key nothing is stored: a secret in plain text in the
 * database is what this exists to prevent.
 */
export class ChannelSecrets {
  private constructor(private readonly key: Buffer | null) {}

  /** The key as 64 hex digits or base64 of 32 bytes; anything else is refused at start-up rather than misused. */
  static fromEnv(raw: string | undefined): ChannelSecrets {
    if (!raw) return new ChannelSecrets(null);
    const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
    if (key.length !== 32) throw new Error('Invalid environment:\n  CHANNEL_SECRETS_KEY: must be 32 bytes, as 64 hex digits or base64');
    return new ChannelSecrets(key);
  }

  get canStore(): boolean { return this.key !== null; }

  seal(secrets: Record<string, string>): string {
    if (!this.key) throw new Error('CHANNEL_SECRETS_KEY is not set');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
  }

  /** The secrets, or {} when there are none or the key cannot open them (a rotated key: the admin enters them again). */
  open(sealed: string | null): Record<string, string> {
    if (!sealed || !this.key) return {};
    const [version, iv, tag, data] = sealed.split(':');
    if (version !== 'v1' || !iv || !tag || data === undefined) return {};
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return JSON.parse(Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  }
}
