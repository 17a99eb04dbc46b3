/** The shape of an entity and its fields, and the ids of the entities the importer knows. */

/** 'flag': a churn flag or status (yes/no, churned/active; see churnFlag.ts). */
export type FieldType = 'id' | 'text' | 'date' | 'number' | 'count' | 'boolean' | 'flag';

export interface FieldSpec {
  role: string;
  label: string;
  type: FieldType;
  required?: boolean;
  /** Normalised header spellings, most specific first. */
  synonyms: readonly string[];
  /**
   * A field few exports of the entity have (a parent account, a churn flag): it adds to the
   * entity's fit when a column matches it and never counts against an entity whose file lacks it.
   */
  extra?: boolean;
}

export interface EntitySpec {
  id: EntityId;
  label: string;
  /** The canonical table this entity fills. */
  table: string;
  /** Words in a file name that point at this entity. */
  fileHints: readonly string[];
  /**
   * The role holding the file's unique key, when it has one: what another file's
   * relation (`mapping.via`) names as `key`, and what the recognition expects to be unique.
   */
  key?: string;
  fields: readonly FieldSpec[];
}

export const ENTITY_IDS = [
  'accounts',
  'usage_daily',
  'usage_events',
  'tickets',
  'invoices',
  'nps',
  'churn',
  'renewals',
  'overrides',
  'links',
  'subscriptions',
  'score_history',
] as const;
export type EntityId = (typeof ENTITY_IDS)[number];
