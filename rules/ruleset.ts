import type { RuleDef, RulesetSource, TemplateDef, ValidationProblem } from './types';
import { KeywordMatcher } from './keywords/matcher';
import { trainIntents, type IntentModel } from './intent/classifier';
import { compileTemplate, type CompiledTemplate } from './templates/env';
import { validateRuleset } from './validate';

export class RulesetError extends Error {
  constructor(public readonly problems: ValidationProblem[]) {
    super(`Invalid ruleset: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    this.name = 'RulesetError';
  }
}

export interface CompiledState {
  templates: Map<string, { def: TemplateDef; bodies: Map<string, CompiledTemplate> }>;
  matcher: KeywordMatcher;
  model: IntentModel;
  /** Enabled rules of kind 'intent', highest priority first. */
  intentRules: RuleDef[];
  warnings: ValidationProblem[];
}

export interface Ruleset {
  version: string;
  source: RulesetSource;
  compiled: CompiledState;
}

/**
 * Validates and prepares everything once — keyword index, trained classifier, compiled templates — so that
 * evaluate() does no set-up per message. Throws RulesetError when the source has errors (warnings are kept).
 */
export function compileRuleset(source: RulesetSource): Ruleset {
  const problems = validateRuleset(source);
  const errors = problems.filter((p) => p.severity !== 'warning');
  if (errors.length > 0) throw new RulesetError(errors);
  const templates = new Map(source.templates.map((def) => [def.key, {
    def, bodies: new Map(Object.entries(def.bodies).map(([locale, body]) => [locale, compileTemplate(body)] as const)),
  }] as const));
  const enabled = source.rules.filter((r) => r.enabled);
  return {
    version: source.version,
    source,
    compiled: {
      templates,
      matcher: new KeywordMatcher(enabled),
      model: trainIntents(source.intentPhrases),
      intentRules: enabled.filter((r) => r.match.kind === 'intent').sort((a, b) => b.priority - a.priority),
      warnings: problems.filter((p) => p.severity === 'warning'),
    },
  };
}
