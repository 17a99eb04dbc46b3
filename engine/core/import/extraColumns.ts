/**
 * Extra columns: a column of an event export that no canonical role reads (a Mixpanel event
 * property, a Zendesk custom field, Stripe subscription metadata) kept at import so a custom
 * signal can measure it. The mapping names each one (`extras`: source column, lower-case name,
 * kind); it is stored in the entity's canonical table as `x_<name>`, a prefix no canonical column
 * has, and typed with the same checks as a canonical column of its kind. Pure: the mapping screen,
 * the CLI and the import share it.
 */
import type { EntityId, FieldSpec } from './entities/types.js';
import { takesExportDate } from './exportDate.js';

/** number: sums, means, minima and maxima; boolean: shares true and filters; category: distinct counts and filters. */
export const EXTRA_KINDS = ['number', 'boolean', 'category'] as const;
export type ExtraKind = (typeof EXTRA_KINDS)[number];

export interface ExtraColumn {
  /** The file's column, as its header spells it. */
  column: string;
  /** Lower-case slug; the canonical column is EXTRA_PREFIX + name. */
  name: string;
  kind: ExtraKind;
}

export const EXTRA_PREFIX = 'x_';
/** With the prefix, 32 characters: well inside PostgreSQL's 63 for a column name. */
export const EXTRA_NAME = /^[a-z][a-z0-9_]{0,29}$/;
/** A stored extra column's name, as a custom signal references it. */
export const EXTRA_COLUMN = /^x_[a-z][a-z0-9_]{0,29}$/;

export const extraColumnName = (name: string) => `${EXTRA_PREFIX}${name}`;

/**
 * Entities a custom signal can read (their canonical tables are in signals/customTables.ts): dated events,
 * and the accounts file, whose columns are read as of its export date (a one-row-per-customer extract).
 */
export const EXTRA_ENTITIES: readonly EntityId[] = [
  'accounts',
  'usage_daily',
  'usage_events',
  'tickets',
  'invoices',
  'nps',
  'subscriptions',
];

/** How each kind is typed: a number as the column writes it, a boolean from yes/no words, a category as trimmed text. */
const FIELD_TYPE = { number: 'number', boolean: 'boolean', category: 'text' } as const satisfies Record<
  ExtraKind,
  FieldSpec['type']
>;
/** The DuckDB type each kind is stored as. */
export const EXTRA_SQL_TYPE = { number: 'DOUBLE', boolean: 'BOOLEAN', category: 'VARCHAR' } as const satisfies Record<
  ExtraKind,
  string
>;

/** The field the import types an extra as: its role is the stored column name, its label the file's column. */
export function extraField(e: ExtraColumn): FieldSpec {
  return { role: extraColumnName(e.name), label: e.column, type: FIELD_TYPE[e.kind], synonyms: [] };
}

/** What is wrong with a mapping's extras, in words naming the column: empty when nothing. */
export function extraColumnProblems(entity: EntityId, extras: readonly ExtraColumn[] | undefined): string[] {
  if (!extras || extras.length === 0) return [];
  if (!EXTRA_ENTITIES.includes(entity))
    return [
      `extra columns are kept only for the accounts (as exported), usage, tickets, invoices, NPS answers and subscriptions (what a signal can read), not for ${entity}`,
    ];
  const out: string[] = [];
  const seen = new Map<string, string>();
  for (const e of extras) {
    const other = seen.get(e.name);
    if (other !== undefined)
      out.push(`extra columns "${other}" and "${e.column}" are both named ${e.name}: give each its own name`);
    else seen.set(e.name, e.column);
  }
  return out;
}

/** The header as a name: lower case, anything else to "_", a letter first ("Product area" → product_area). */
export function extraNameFor(header: string): string {
  const slug = header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  const lettered = /^[a-z]/.test(slug) ? slug : `c_${slug}`;
  return lettered.slice(0, 30).replace(/_+$/, '') || 'column';
}

const YES_NO = new Set(['true', 'false', 't', 'f', 'yes', 'no', 'y', 'n']);
const NUMBER = /^[-+]?(\d{1,3}(,\d{3})+|\d+)?([.,]\d+)?$/;

/** Most sampled values must read as a kind for it to be proposed: the rest become issues at import. */
const most = (share: number) => share > 0.5;

/**
 * The kind a column's sampled values suggest: mostly yes/no words (true/false, yes/no, y/n, with
 * 1/0; 1/0 alone is a number) a boolean, mostly numbers a number, anything else a category. "Mostly"
 * is more than half the non-blank values, so typos ("n/a", "12 sec") do not make a measure a
 * category: the import logs each at its line. The user confirms or changes the kind.
 */
export function proposeExtraKind(samples: readonly string[]): ExtraKind {
  const values = samples.map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
  if (values.length === 0) return 'category';
  const share = (test: (v: string) => boolean) => values.filter(test).length / values.length;
  const words = share((v) => YES_NO.has(v));
  if (words > 0 && most(share((v) => YES_NO.has(v) || v === '1' || v === '0'))) return 'boolean';
  if (most(share((v) => NUMBER.test(v) && /\d/.test(v)))) return 'number';
  return 'category';
}

/** An extra for a column, its name and kind proposed from the header and the sampled values. */
export function proposeExtraColumn(column: { name: string; samples: readonly string[] }): ExtraColumn {
  return { column: column.name, name: extraNameFor(column.name), kind: proposeExtraKind(column.samples) };
}

/**
 * The extras a mapping could keep: every column of an event file that no role, relation or extra
 * reads, its name and kind proposed (none for a file no signal can read). What `map` suggests.
 */
export function proposeExtraColumns(
  mapping: {
    entity: EntityId;
    columns: Readonly<Record<string, string>>;
    via?: { column: string };
    extras?: readonly ExtraColumn[];
  },
  profile: readonly { name: string; samples: readonly string[] }[],
): ExtraColumn[] {
  if (!EXTRA_ENTITIES.includes(mapping.entity)) return [];
  // An accounts file's columns are read as of its export date: only an extract that takes one (a churn
  // flag without dates, a tenure column) has a date its columns are known from.
  if (mapping.entity === 'accounts' && !takesExportDate(mapping)) return [];
  const read = new Set([
    ...Object.values(mapping.columns),
    ...(mapping.via ? [mapping.via.column] : []),
    ...(mapping.extras ?? []).map((e) => e.column),
  ]);
  const taken = new Set((mapping.extras ?? []).map((e) => e.name));
  const out: ExtraColumn[] = [];
  for (const c of profile) {
    if (read.has(c.name)) continue;
    const e = proposeExtraColumn(c);
    // Two headers with one slug ("Plan tier", "plan_tier"): the second gets a number.
    let name = e.name;
    for (let k = 2; taken.has(name); k++) name = `${e.name.slice(0, 27)}_${k}`;
    taken.add(name);
    out.push({ ...e, name });
  }
  return out;
}
