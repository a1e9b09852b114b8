import type { DataSource } from 'typeorm';
import { compileRuleset, type Ruleset } from '../../rules';
import { loadRulesetSource, readRulesetVersion } from './ruleset-source';

/**
 * Compiles the ruleset once per saved version. Each message costs one indexed read of the version row, which is
 * how an admin's save reaches every server process on the next message, with no restart and no message bus.
 */
export class RulesetCache {
  private current: Ruleset | null = null;
  private compiling: Promise<Ruleset> | null = null;

  constructor(private readonly ds: DataSource) {}

  async get(): Promise<Ruleset> {
    const version = await readRulesetVersion(this.ds.manager);
    if (this.current?.version === version) return this.current;
    this.compiling ??= this.compile().finally(() => { this.compiling = null; });
    return this.compiling;
  }

  private async compile(): Promise<Ruleset> {
    const source = await loadRulesetSource(this.ds.manager);
    this.current = compileRuleset(source);
    return this.current;
  }
}
