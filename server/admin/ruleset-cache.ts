import type { DataSource, EntityManager } from 'typeorm';
import { compileRuleset, type Ruleset } from '../../rules';
import type { Logger } from '../shared/logger';
import { loadRulesetSource, readRulesetVersion } from './ruleset-source';

/**
 * Compiles the ruleset once per saved version. Each message costs one indexed read of the version row, which is
 * how an admin's save reaches every server process on the next message, with no restart and no message bus.
 *
 * A save compiles before it commits, so a stored version that does not compile can only come from outside the admin
 * API: an older release's data that today's stricter validation refuses, or a hand edit. Then the last version that
 * did compile keeps answering (and the failure is logged once per version) rather than every customer's text
 * failing until someone notices.
 */
export class RulesetCache {
  private current: Ruleset | null = null;
  private compiling: Promise<Ruleset> | null = null;
  private refusedVersion: string | null = null;
  /** A read of the version row in flight: texts arriving while it is answered share it (see get). */
  private versionRead: { version: Promise<string>; startedAt: number } | null = null;
  /** When `current` was last found to be the stored version (ms since the epoch). */
  private checkedAt = 0;

  constructor(private readonly ds: DataSource, private readonly log?: Logger) {}

  /**
   * The ruleset as of the stored version. Under a burst of texts, those that arrive while a read of the version row is
   * in flight share its answer instead of each queueing for a connection to ask again: a save that commits during
   * that read is picked up by the next text, exactly as if it had committed a moment later.
   */
  async get(): Promise<Ruleset> {
    this.versionRead ??= { version: readRulesetVersion(this.ds.manager).finally(() => { this.versionRead = null; }), startedAt: Date.now() };
    const { version, startedAt } = this.versionRead;
    return this.atVersion(await version, this.ds.manager, startedAt);
  }

  /**
   * The ruleset as `get()` answers it, without reading the version again when it was found current within `maxAgeMs`:
   * for work that follows a text whose transaction has just read it (the assignment cap of a hand-off), where a
   * second read of the same row would only repeat that answer. A save on another node is seen at most that much later.
   */
  async recent(maxAgeMs: number): Promise<Ruleset> {
    return this.current && Date.now() - this.checkedAt <= maxAgeMs ? this.current : this.get();
  }

  /**
   * The ruleset as of `version`, which the caller read itself (the inbound pipeline reads it with its first statement,
   * in its transaction); a change is loaded through `em`, so a caller holding a pooled connection never waits for a second.
   */
  async atVersion(version: string, em: EntityManager = this.ds.manager, readAt = Date.now()): Promise<Ruleset> {
    if (!this.current || (this.current.version !== version && this.refusedVersion !== version)) {
      this.compiling ??= this.compile(em).finally(() => { this.compiling = null; });
      await this.compiling;
    }
    this.checkedAt = Math.max(this.checkedAt, readAt);
    return this.current!;
  }

  private async compile(em: EntityManager): Promise<Ruleset> {
    const source = await loadRulesetSource(em);
    try {
      this.current = compileRuleset(source);
      this.refusedVersion = null;
    } catch (err) {
      if (!this.current) throw err;
      this.refusedVersion = source.version;
      this.log?.error({ err, refusedVersion: source.version, servingVersion: this.current.version }, 'stored ruleset does not compile; the last good version keeps answering');
    }
    return this.current;
  }
}
