/**
 * Propose what a file is and which column plays which role, from its name,
 * headers and sample values. Pure: the mapping screen and `health-workbench
 * map` show the proposal, the user confirms or corrects it.
 */
import type { ColumnProfile, FileMapping } from '../api/importSchema.js';
import { CHURN_DATE_ROLE, CHURN_FLAG_ROLE, readChurnFlag } from './churnFlag.js';
import { compileDatePattern, detectDateFormat, parseWithPattern, type CompiledPattern } from './dateFormats.js';
import { ENTITIES, type EntityId, type EntitySpec, type FieldSpec } from './entities.js';
import { headerMatch, normaliseHeader } from './headers.js';
import { tenureNotes } from './tenure.js';

const NUMBER = /^[+-]?(\d+([.,]\d+)?|\d{1,3}([,.]\d{3})+([.,]\d+)?)$/;
const BOOL = /^(true|false|yes|no|y|n|0|1|t|f|won|lost|closed won|closed lost|renewed|churned)$/i;

/** Share of non-blank samples a field type accepts (1 when there are none). */
function typeFit(field: FieldSpec, samples: readonly string[], pattern: CompiledPattern | null): number {
  const v = samples.map((s) => s.trim()).filter((s) => s !== '');
  if (v.length === 0) return 0.7;
  const share = (re: RegExp) => v.filter((s) => re.test(s.replace(/^[$€£]/, ''))).length / v.length;
  switch (field.type) {
    case 'date': {
      // A pattern the user typed reads the dates no built-in format does (`03-Feb-2024 14h05`).
      const detected = detectDateFormat(v)?.share ?? 0;
      if (!pattern) return detected;
      return Math.max(detected, v.filter((s) => parseWithPattern(s, pattern) !== null).length / v.length);
    }
    case 'number':
    case 'count':
      return share(NUMBER);
    case 'boolean':
      return share(BOOL);
    case 'flag':
      return v.filter((s) => readChurnFlag(s) !== undefined).length / v.length;
    case 'text':
      // A label column (plan, segment, region) does not hold dates: "Contract Start" is not the plan.
      return 1 - (detectDateFormat(v)?.share ?? 0);
    default:
      return 1;
  }
}

interface Candidate {
  column: string;
  quality: number;
  /** The header is one of the field's synonyms, not merely contains one. */
  exact: boolean;
}

/** What the file is known to have besides its columns. */
export interface SuggestOptions {
  /** The file reaches its account through a relation (`mapping.via`): no account-id column is sought. */
  accountLinked?: boolean;
  /** The strptime pattern the user gave for the file's dates (`read.datePattern`, CLI --date-format). */
  datePattern?: string;
}

function compiledPattern(o: SuggestOptions): CompiledPattern | null {
  if (o.datePattern === undefined) return null;
  const c = compileDatePattern(o.datePattern);
  return typeof c === 'string' ? null : c;
}

function matchFields(
  entity: EntitySpec,
  columns: readonly ColumnProfile[],
  o: SuggestOptions = {},
): Map<string, Candidate> {
  // Every (field, column) pair scored; assign greedily, best first, each column once.
  const pairs: { role: string; column: string; quality: number; exact: boolean }[] = [];
  const pattern = compiledPattern(o);
  for (const f of entity.fields) {
    if (o.accountLinked && f.role === 'account_id') continue;
    for (const c of columns) {
      const name = headerMatch(c.name, f.synonyms);
      if (name === 0) continue;
      pairs.push({
        role: f.role,
        column: c.name,
        quality: name * (0.25 + 0.75 * typeFit(f, c.samples, pattern)),
        exact: name >= 0.8,
      });
    }
  }
  pairs.sort((a, b) => b.quality - a.quality);
  const byRole = new Map<string, Candidate>();
  const used = new Set<string>();
  for (const p of pairs) {
    if (byRole.has(p.role) || used.has(p.column) || p.quality < 0.3) continue;
    byRole.set(p.role, { column: p.column, quality: p.quality, exact: p.exact });
    used.add(p.column);
  }
  return byRole;
}

function fileNameHint(entity: EntitySpec, fileName: string): number {
  const words = new Set(normaliseHeader(fileName.replace(/\.[a-z0-9.]+$/i, '')).split(' '));
  return entity.fileHints.some((h) => words.has(h)) ? 1 : 0;
}

export interface EntityScore {
  entity: EntityId;
  score: number;
  missingRequired: string[];
  /** Independent pieces of evidence: fields whose header is one of their synonyms, and the file name. */
  evidence: number;
}

/** Every entity's fit for the file, best first. */
export function rankEntities(
  fileName: string,
  columns: readonly ColumnProfile[],
  o: SuggestOptions = {},
): EntityScore[] {
  // A file that finds its account through another is never the account list itself.
  return ENTITIES.filter((e) => !(o.accountLinked && e.id === 'accounts'))
    .map((e) => {
      const matched = matchFields(e, columns, o);
      const linked = (role: string) => o.accountLinked === true && role === 'account_id';
      // A churn flag stands in for the churn date: the export date can date it.
      const dated = (role: string) => role === CHURN_DATE_ROLE && matched.has(CHURN_FLAG_ROLE);
      const missingRequired = e.fields
        .filter((f) => f.required && !matched.has(f.role) && !linked(f.role) && !dated(f.role))
        .map((f) => f.role);
      let score = 0;
      let evidence = fileNameHint(e, fileName);
      for (const f of e.fields) {
        const m = matched.get(f.role);
        // A relation found from the data is as good as a perfectly named account-id column.
        score += (linked(f.role) ? 1 : (m?.quality ?? 0)) * (f.required ? 2 : 1);
        if (m?.exact || linked(f.role)) evidence++;
      }
      // Normalise by what the entity could score so small entities are not penalised.
      const possible = e.fields
        .filter((f) => !f.extra || matched.has(f.role))
        .reduce((s, f) => s + (f.required ? 2 : 1), 0);
      score = score / Math.sqrt(possible) + fileNameHint(e, fileName) * 0.8 - (missingRequired.length > 0 ? 2 : 0);
      return { entity: e.id, score, missingRequired, evidence };
    })
    .sort((a, b) => b.score - a.score);
}

/**
 * High only when nothing required is missing, the runner-up is well behind, and the
 * guess rests on two independent pieces of evidence: one synonym (a "subscription id"
 * read as an invoice's account) is a guess, never "high".
 */
function confidenceOf(ranked: readonly EntityScore[], top: EntityScore): NonNullable<FileMapping['confidence']> {
  if (top.missingRequired.length > 0) return 'low';
  const runnerUp = ranked.find((r) => r.entity !== top.entity);
  if (runnerUp && top.score - runnerUp.score < 0.3) return 'medium';
  return top.evidence >= 2 ? 'high' : 'medium';
}

/** ARR is what the workbench weighs accounts by: an ARR column wins; MRR alone becomes ARR × 12, said once. */
function revenueNotes(entity: EntityId, columns: FileMapping['columns']): string[] {
  if (entity !== 'accounts' || !columns.mrr) return [];
  return columns.arr
    ? [`ARR from ${JSON.stringify(columns.arr)}; ${JSON.stringify(columns.mrr)} (MRR) is not used.`]
    : [`No ARR column: ARR = ${JSON.stringify(columns.mrr)} (MRR) × 12.`];
}

/** The proposed mapping of one file to an entity, or to the best entity given. */
export function suggestFileMapping(
  fileName: string,
  columns: readonly ColumnProfile[],
  entity?: EntityId,
  o: SuggestOptions = {},
): FileMapping {
  const ranked = rankEntities(fileName, columns, o);
  const chosen = entity ?? ranked[0]!.entity;
  const spec = ENTITIES.find((e) => e.id === chosen)!;
  const matched = matchFields(spec, columns, o);
  const mapping: FileMapping['columns'] = {};
  const dateFormats: FileMapping['dateFormats'] = {};
  // An account's churn date means nothing without the flag: a last-activity date on an active account is no churn.
  if (chosen === 'accounts' && !matched.has(CHURN_FLAG_ROLE)) matched.delete(CHURN_DATE_ROLE);
  for (const f of spec.fields) {
    const m = matched.get(f.role);
    if (!m) continue;
    mapping[f.role] = m.column;
    if (f.type === 'date') {
      const col = columns.find((c) => c.name === m.column)!;
      dateFormats[f.role] = detectDateFormat(col.samples)?.format ?? 'iso';
    }
  }
  const top = ranked.find((r) => r.entity === chosen)!;
  const notes = [...revenueNotes(chosen, mapping), ...tenureNotes({ entity: chosen, columns: mapping })];
  return {
    entity: chosen,
    columns: mapping,
    dateFormats,
    confidence: confidenceOf(ranked, top),
    ...(notes.length > 0 ? { notes } : {}),
  };
}
