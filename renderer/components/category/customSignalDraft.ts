/**
 * The pure half of the "Add a signal" form: what the form offers (columns per table, aggregations per
 * column kind), the id a label gives, the one-line sentence a definition reads as, the normalisation a
 * new signal starts with, and the form's fields checked by the configuration's own schema.
 */
import {
  AGGREGATION_READS,
  CUSTOM_AGGREGATIONS,
  CustomSignalSchema,
  type CustomAggregation,
  type CustomComparison,
  type CustomSignal,
  type CustomSignalId,
  type Normalisation,
} from '../../../engine/core/api/schema.js';
import { CATEGORY_IDS, type CategoryId } from '../../../engine/core/signals/catalog.js';
import { resolveCustomColumn, type ExtraColumnKinds } from '../../../engine/core/signals/customColumns.js';
import { CUSTOM_TABLES, type CustomTableName } from '../../../engine/core/signals/customTables.js';

/** The fixed columns of a table, then the extra columns the import kept (`x_…`, named without the prefix). */
function columnsOf(table: CustomTableName, extras: ExtraColumnKinds): { value: string; label: string; kind: string }[] {
  return [
    ...Object.entries(CUSTOM_TABLES[table].columns).map(([value, c]) => ({ value, label: c.label, kind: c.kind })),
    ...Object.entries(extras[table] ?? {}).map(([value, kind]) => ({
      value,
      label: `${value.slice(2)} (kept column)`,
      kind,
    })),
  ];
}

/** What the form holds while the user fills it in; `toSignal` turns it into a definition. */
export interface CustomSignalDraft {
  label: string;
  table: CustomTableName;
  /** '' counts the rows. */
  column: string;
  aggregation: CustomAggregation;
  /** '' keeps every row. */
  whereColumn: string;
  /** For a category column: the values to keep, comma-separated. */
  whereValues: string;
  /** For a yes/no column: keep the rows where it is this. */
  whereIs: boolean;
  window: number | 'since_start';
  comparison: CustomComparison;
  direction: CustomSignal['direction'];
  /** The model's category the signal goes into (its id). */
  category: string;
}

export const emptyDraft = (category: string): CustomSignalDraft => ({
  label: '',
  table: 'tickets',
  column: '',
  aggregation: 'count',
  whereColumn: '',
  whereValues: '',
  whereIs: true,
  window: 90,
  comparison: 'value',
  direction: 'higher_is_riskier',
  category,
});

/** The rows of each table, as a sentence names them. */
const ROWS: Record<CustomTableName, string> = {
  accounts: 'the account',
  usage_events: 'usage rows',
  product_events: 'events',
  tickets: 'tickets',
  invoices: 'invoices',
  nps: 'NPS answers',
  subscriptions: 'subscriptions',
};

const AGGREGATION_LABELS: Record<CustomAggregation, string> = {
  count: 'Count',
  distinct_count: 'Distinct values',
  sum: 'Sum',
  mean: 'Average',
  min: 'Lowest',
  max: 'Highest',
  last: 'Latest value',
  share_true: 'Share that are yes',
};

export const COMPARISON_LABELS: Record<CustomComparison, string> = {
  value: 'The value itself',
  trend: 'Against the window before',
  last_year: 'Against the same window a year earlier',
  per_seat: 'Per licensed seat',
  per_active_user: 'Per active user',
};

/** The columns a signal can measure in a table. */
export function measurableColumns(
  table: CustomTableName,
  extras: ExtraColumnKinds = {},
): { value: string; label: string; kind: string }[] {
  return columnsOf(table, extras);
}

/** The columns a filter can test: categories (keep some values) and yes/no flags. */
export function filterColumns(
  table: CustomTableName,
  extras: ExtraColumnKinds = {},
): { value: string; label: string; kind: 'category' | 'boolean' }[] {
  return columnsOf(table, extras).flatMap((c) =>
    c.kind === 'category' || c.kind === 'boolean' ? [{ value: c.value, label: c.label, kind: c.kind }] : [],
  );
}

/** The aggregations that read this column's kind ('' is the rows themselves: only a count). */
export function aggregationsFor(
  table: CustomTableName,
  column: string,
  extras: ExtraColumnKinds = {},
): { value: CustomAggregation; label: string }[] {
  const kind = column === '' ? undefined : resolveCustomColumn(table, column, extras)?.kind;
  const offered =
    column === ''
      ? (['count'] as const)
      : kind === undefined
        ? []
        : CUSTOM_AGGREGATIONS.filter((a) => AGGREGATION_READS[a].includes(kind));
  return offered.map((value) => ({ value, label: AGGREGATION_LABELS[value] }));
}

const NAME_MAX = 40;

/**
 * `custom.` and the label in lower case, words joined by `_`, at most 40 characters (cut after a whole
 * word), starting with a letter; `_2`, `_3`… when another definition already has it.
 */
export function customIdFor(label: string, taken: readonly string[]): CustomSignalId {
  let base = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!/^[a-z]/.test(base)) base = `signal${base === '' ? '' : `_${base}`}`;
  // Cut at a word's end where there is one, so the id still reads.
  const fit = (name: string, room: number) => {
    if (name.length <= room) return name;
    const cut = name.slice(0, room);
    const end = cut.lastIndexOf('_');
    return (name[room] === '_' || end <= 0 ? cut : cut.slice(0, end)).replace(/_+$/, '');
  };
  const have = new Set(taken);
  let id: CustomSignalId = `custom.${fit(base, NAME_MAX)}`;
  for (let k = 2; have.has(id); k++) id = `custom.${fit(base, NAME_MAX - `_${k}`.length)}_${k}`;
  return id;
}

/** The values of a "keep only" list as typed: comma-separated, trimmed, blanks dropped. */
const listed = (text: string) =>
  text
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');

/** The signal catalogue's category a table's signals belong to, for a model category that is none of them. */
const TABLE_CATEGORY: Record<CustomTableName, CategoryId> = {
  accounts: 'growth',
  usage_events: 'usage',
  product_events: 'usage',
  tickets: 'support',
  invoices: 'billing',
  nps: 'engagement',
  subscriptions: 'growth',
};

/** The definition's own category: the model category it goes into when that is a catalogue one, else its table's. */
export const catalogCategory = (draft: Pick<CustomSignalDraft, 'category' | 'table'>): CategoryId =>
  (CATEGORY_IDS as readonly string[]).includes(draft.category)
    ? (draft.category as CategoryId)
    : TABLE_CATEGORY[draft.table];

/** The form's fields as a definition (not yet checked). */
export function draftDefinition(
  draft: CustomSignalDraft,
  id: CustomSignalId,
  extras: ExtraColumnKinds = {},
): Record<string, unknown> {
  const whereKind =
    draft.whereColumn === '' ? undefined : resolveCustomColumn(draft.table, draft.whereColumn, extras)?.kind;
  return {
    id,
    label: draft.label.trim(),
    category: catalogCategory(draft),
    table: draft.table,
    ...(draft.column === '' ? {} : { column: draft.column }),
    aggregation: draft.aggregation,
    ...(draft.whereColumn === ''
      ? {}
      : {
          where:
            whereKind === 'boolean'
              ? { column: draft.whereColumn, is: draft.whereIs }
              : { column: draft.whereColumn, equals: listed(draft.whereValues) },
        }),
    window: draft.window,
    comparison: draft.comparison,
    direction: draft.direction,
  };
}

/** Which form field each part of a definition is entered in. */
export type DraftField = 'label' | 'column' | 'aggregation' | 'where' | 'window' | 'comparison' | 'form';

/** The schema's word for a field, said plainly where zod's own message is generic. */
function plainMessage(field: DraftField, code: string, message: string): string {
  if (field === 'label') return 'Give the signal a name, such as "P1 tickets in 90 days".';
  if (field === 'window' && code !== 'custom') return 'The window is a whole number of days from 7 to 365.';
  if (field === 'where' && code === 'too_small') return 'List at least one value to keep, such as urgent.';
  return message.charAt(0).toUpperCase() + message.slice(1) + (message.endsWith('.') ? '' : '.');
}

export type DraftCheck =
  { ok: true; signal: CustomSignal } | { ok: false; errors: Partial<Record<DraftField, string>> };

/** The form's fields checked by the configuration's schema: the definition, or a message per field. */
export function checkDraft(
  draft: CustomSignalDraft,
  taken: readonly string[],
  extras: ExtraColumnKinds = {},
): DraftCheck {
  const parsed = CustomSignalSchema.safeParse(draftDefinition(draft, customIdFor(draft.label, taken), extras));
  if (parsed.success) return { ok: true, signal: parsed.data };
  const errors: Partial<Record<DraftField, string>> = {};
  for (const issue of parsed.error.issues) {
    const head = String(issue.path[0] ?? 'form');
    const fields: readonly string[] = ['label', 'column', 'aggregation', 'where', 'window', 'comparison'];
    const field = (fields.includes(head) ? head : 'form') as DraftField;
    errors[field] ??= plainMessage(field, issue.code, issue.message);
  }
  return { ok: false, errors };
}

/** "Count of tickets with priority P1 in the last 90 days, per seat": what a definition computes, in one line. */
export function describeCustomSignal(s: CustomSignal, extras: ExtraColumnKinds = {}): string {
  const rows = ROWS[s.table];
  const col = s.column === undefined ? undefined : resolveCustomColumn(s.table, s.column, extras);
  // An extra column reads by its kept name, without the x_ prefix.
  const name = (col && s.column?.startsWith('x_') ? s.column.slice(2) : (col?.label ?? s.column ?? '')).toLowerCase();
  const what = ((): string => {
    switch (s.aggregation) {
      case 'count':
        return col ? `Count of ${rows} with a ${name}` : `Count of ${rows}`;
      case 'distinct_count':
        return `Number of different ${name} values in ${rows}`;
      case 'sum':
        return `Total ${name} of ${rows}`;
      case 'mean':
        return `Average ${name} of ${rows}`;
      case 'min':
        return `Lowest ${name} of ${rows}`;
      case 'max':
        return `Highest ${name} of ${rows}`;
      case 'last':
        return `Latest ${name} of ${rows}`;
      case 'share_true':
        return `Share of ${rows} with ${name} yes`;
    }
  })();
  const w = s.where;
  const whereLabel = !w
    ? ''
    : (w.column.startsWith('x_')
        ? w.column.slice(2)
        : (resolveCustomColumn(s.table, w.column, extras)?.label ?? w.column)
      ).toLowerCase();
  const filter = !w
    ? ''
    : 'equals' in w
      ? ` with ${whereLabel} ${w.equals.join(' or ')}`
      : ` where ${whereLabel} is ${w.is ? 'yes' : 'no'}`;
  const window = s.window === 'since_start' ? ' since the first record' : ` in the last ${s.window} days`;
  const days = s.window === 'since_start' ? '' : `${s.window} days`;
  // The accounts file has one row per account, as of its export date: no window to speak of, and a
  // count is 1 or 0, anything else the account's own value.
  if (s.table === 'accounts') {
    const wanted = !w ? '' : 'equals' in w ? w.equals.join(' or ') : w.is ? 'yes' : 'no';
    const own = !w
      ? s.aggregation === 'count'
        ? '1 for every account'
        : `The account's ${name}`
      : s.aggregation === 'count'
        ? `1 when the account's ${whereLabel} is ${wanted}, else 0`
        : `The account's ${name} when its ${whereLabel} is ${wanted}`;
    return `${own}, as exported${s.comparison === 'per_seat' ? ', per seat' : ''}`;
  }
  const versus = {
    value: '',
    trend: `, divided by the same over the ${days} before`,
    last_year: `, divided by the same ${days} a year earlier`,
    per_seat: ', per seat',
    per_active_user: ', per active user',
  }[s.comparison];
  return `${what}${filter}${window}${versus}`;
}

/**
 * The normalisation a new signal starts with. A ratio (trend, last year) reads like the built-in trends:
 * healthy from 0.7 to 1.05, or risky from 1 (as before) to 3 (three times as many), as ticket volume is.
 * Other values have no scale known in advance, so they are ranked among the segment's accounts, the
 * direction saying which end scores 100; the editor shows the distribution to set a scale from.
 */
export function startingNormalisation(s: Pick<CustomSignal, 'comparison' | 'direction'>): Normalisation {
  const healthier = s.direction === 'higher_is_healthier';
  if (s.comparison === 'trend' || s.comparison === 'last_year')
    return healthier ? { kind: 'linear', worst: 0.7, best: 1.05 } : { kind: 'linear', worst: 3, best: 1 };
  return { kind: 'percentile', higherIsBetter: healthier, within: 'segment' };
}
