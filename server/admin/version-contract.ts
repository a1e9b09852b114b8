/**
 * The version history's shapes as the API sends them, with no imports, so the admin UI type-checks against them.
 */

/** One field of one changed item, its values as short display text (the UI puts them in a sentence). */
export interface FieldChange { field: string; before: string | null; after: string | null }

/**
 * What one save did to one item, named the way an admin knows it (a rule by its name, not its id), with its
 * fields. The UI words it in the agent's language: "改了规则「营业时间」的回复 reply: 9点 → 10点".
 */
export interface VersionChange {
  section: 'rules' | 'templates' | 'intentPhrases' | 'settings';
  kind: 'added' | 'removed' | 'changed';
  key: string;
  name: string;
  fields: FieldChange[];
}
