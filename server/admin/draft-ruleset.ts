import type { Ruleset } from '../../rules';
import type { RulesetSource } from '../../rules/types';
import type { RulesetCache } from './ruleset-cache';
import { compileOrReject } from './config-store';

export type DraftSections = { [K in 'rules' | 'templates' | 'intentPhrases' | 'settings']?: unknown };

/**
 * The saved configuration with the draft's sections swapped in, compiled by the same engine code as a save, so
 * "try it" answers exactly as the bot would after saving — and a draft that would not save gets the same 400.
 */
export async function draftRuleset(rulesets: RulesetCache, draft: DraftSections): Promise<Ruleset> {
  const saved = (await rulesets.get()).source;
  const rules = (draft.rules as RulesetSource['rules'] | undefined)?.map((r, i) => ({ ...r, id: r.id ?? `draft-${i + 1}` }));
  const source = {
    ...saved,
    version: `${saved.version}+draft`,
    ...(rules ? { rules } : {}),
    ...(draft.templates ? { templates: draft.templates } : {}),
    ...(draft.intentPhrases ? { intentPhrases: draft.intentPhrases } : {}),
    ...(draft.settings ? { settings: { ...saved.settings, ...(draft.settings as object) } } : {}),
  } as RulesetSource;
  return compileOrReject(source);
}
