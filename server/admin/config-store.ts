import type { DataSource, EntityManager } from 'typeorm';
import { compileRuleset, findConflicts, RulesetError, type Ruleset } from '../../rules';
import type { RulesetSource, ValidationProblem } from '../../rules/types';
import { AuditLogRow, RulesetVersionRow } from '../db/entities';
import { inTransaction, isUniqueViolation } from '../db/transaction';
import { HttpError } from '../http/errors';
import { bumpRulesetVersion, loadRulesetSource } from './ruleset-source';

export interface Author { id: number; email: string }

/** What an admin write changed, for the audit log and for pointing errors at the edited object. */
export interface ChangeNote {
  entity: 'rule' | 'template' | 'intent' | 'settings' | 'config';
  key: string;
  operation: string;
  summary: string;
  /** Problem paths under these prefixes are reported relative to them (`rules.12.` → `match.patterns[0]`). */
  fieldPrefixes?: string[];
  /** Rules whose keyword conflicts reject the save (409); other rules' old conflicts stay warnings. */
  conflictRuleIds?: string[] | 'all';
  /**
   * When the change takes effect, by the app's clock (the default is the database's): the version rows say which
   * business calendar was in force when, and the episode rebuild (reports/episode-rebuild.ts) reads them so.
   */
  at?: Date;
}

export interface Saved<T> { result: T; version: string; compileMs: number; ruleset: Ruleset }

export type ConfigSnapshot = Omit<RulesetSource, 'version'>;

export function snapshotOf(source: RulesetSource): ConfigSnapshot {
  const { version: _version, ...rest } = source;
  return rest;
}

/**
 * The one way the bot's configuration changes. In one transaction: the edit, a full compile with the engine's own
 * validation (so a save can never leave the bot unable to answer), conflict checks, a version snapshot with its
 * author, an audit entry, and the `ruleset_version` bump every node watches. Any failure rolls all of it back.
 */
export async function saveConfig<T>(ds: DataSource, author: Author, note: ChangeNote, edit: (em: EntityManager) => Promise<T>): Promise<Saved<T>> {
  try {
    return await inTransaction(ds, async (em) => {
      await ensureBaseline(em, note.at);
      const result = await edit(em);
      const draft = await loadRulesetSource(em);
      const started = performance.now();
      const ruleset = compileOrReject(draft, note.fieldPrefixes ?? []);
      const compileMs = Math.round((performance.now() - started) * 10) / 10;
      rejectConflicts(draft, note);
      const version = await bumpRulesetVersion(em);
      await em.insert(RulesetVersionRow, { version, snapshot: snapshotOf(draft), authorId: author.id, authorEmail: author.email, summary: note.summary.slice(0, 500), ...stamp(note.at) });
      await em.insert(AuditLogRow, {
        authorId: author.id, authorEmail: author.email, entity: note.entity, entityKey: note.key.slice(0, 100),
        operation: note.operation, version, summary: note.summary,
      });
      return { result, version, compileMs, ruleset: { ...ruleset, version } };
    });
  } catch (err) {
    // Two admins saving at the same moment on MySQL both compute the same next version; one of them retries.
    if (isUniqueViolation(err)) throw new HttpError(409, 'concurrent_edit', 'Someone else saved at the same moment; reload and try again');
    throw err;
  }
}

const stamp = (at: Date | undefined) => (at ? { createdAt: at } : {});

/** The configuration before the first admin edit (the seed) becomes a version too, so it can be rolled back to. */
async function ensureBaseline(em: EntityManager, at: Date | undefined): Promise<void> {
  if ((await em.count(RulesetVersionRow)) > 0) return;
  const source = await loadRulesetSource(em);
  await em.insert(RulesetVersionRow, { version: source.version, snapshot: snapshotOf(source), authorId: null, authorEmail: null, summary: 'configuration before the first admin edit', ...stamp(at) });
}

/** Compiles a draft, turning the engine's first error into a 400 that names the field at fault. */
export function compileOrReject(draft: RulesetSource, fieldPrefixes: string[] = []): Ruleset {
  try {
    return compileRuleset(draft);
  } catch (err) {
    if (!(err instanceof RulesetError)) throw err;
    throw problemToHttp(err.problems, fieldPrefixes);
  }
}

export function problemToHttp(problems: ValidationProblem[], fieldPrefixes: string[]): HttpError {
  const own = problems.find((p) => fieldPrefixes.some((prefix) => p.path.startsWith(prefix)));
  const problem = own ?? problems[0];
  const prefix = own ? fieldPrefixes.find((x) => problem.path.startsWith(x))! : '';
  const field = problem.path.slice(prefix.length) || problem.path;
  return new HttpError(400, 'invalid_field', `${field}: ${problem.message}`, field, { issue: problem.issue ?? { code: 'custom', message: problem.message } });
}

function rejectConflicts(draft: RulesetSource, note: ChangeNote): void {
  const scope = note.conflictRuleIds;
  if (!scope) return;
  const conflict = findConflicts(draft.rules).find((c) => scope === 'all' || scope.includes(c.ruleId) || (c.otherRuleId !== null && scope.includes(c.otherRuleId)));
  if (!conflict) return;
  // The engine reports the later rule as `ruleId`; the message must name the rule the admin did not just edit.
  const editedIsOther = scope !== 'all' && conflict.otherRuleId !== null && !scope.includes(conflict.ruleId);
  const edited = editedIsOther ? conflict.otherRuleId! : conflict.ruleId;
  const other = draft.rules.find((r) => r.id === (editedIsOther ? conflict.ruleId : conflict.otherRuleId));
  const message = other && editedIsOther
    ? `"${conflict.pattern}" is also a pattern of rule ${other.id} "${other.name}" with a different outcome`
    : conflict.message;
  const index = draft.rules.find((r) => r.id === edited)?.match.patterns.indexOf(conflict.pattern) ?? -1;
  throw new HttpError(409, 'rule_conflict', message, index >= 0 ? `match.patterns[${index}]` : 'match.patterns');
}
