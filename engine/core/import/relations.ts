/**
 * Relations between mapped files, and how a proposal finds them in the data.
 * A file reaches its account directly (an account-id column) or through a
 * relation (`mapping.via`): one of its columns holds the unique key of another
 * mapped file, which reaches the account itself, at most MAX_HOPS relations away.
 *
 * The proposal works on what the Node side gathers, bounded: per column, how
 * many rows are filled, how many values are distinct, and a fixed sample of its
 * distinct values; per unique column (a key), which of the other files' sampled
 * values it holds. Pure: the CLI's `map` and the app propose the same way.
 */
import type { AccountRelation, ColumnProfile, FileMapping } from '../api/importSchema.js';
import { CHURN_DATE_ROLE, CHURN_FLAG_ROLE } from './churnFlag.js';
import { entitySpec, type FieldSpec } from './entities.js';
import { duplicateNames } from './fileNames.js';
import { normaliseHeader } from './headers.js';
import { rankEntities, suggestFileMapping, type SuggestOptions } from './suggestMapping.js';

/** usage → subscription → account is one relation; events → user → contact → account is two. */
export const MAX_HOPS = 2;
/** A column whose sampled values are found in a key at least this often is proposed as a reference to it. */
export const MIN_MATCH_RATE = 0.5;
/** A table whose account ids are this often another table's account ids is about accounts, not a list of them. */
const CHILD_TABLE_RATE = 0.8;

/**
 * Required fields a mapping leaves without a column; a relation stands in for the account id,
 * a churn flag for the churn date (its date rules are churnFlagProblems'), and a score extract's given
 * as-of date for its score date.
 */
export function missingRequiredFields(mapping: FileMapping): FieldSpec[] {
  const flagged = mapping.columns[CHURN_FLAG_ROLE] !== undefined;
  return entitySpec(mapping.entity).fields.filter(
    (f) =>
      f.required &&
      !mapping.columns[f.role] &&
      !(f.role === 'account_id' && mapping.via) &&
      !(f.role === CHURN_DATE_ROLE && flagged) &&
      !(f.role === 'score_date' && mapping.entity === 'score_history' && mapping.asOf),
  );
}

/** What the data says about one column, over the rows the profiler read. */
export interface ColumnStats {
  name: string;
  /** Rows with a non-blank value. */
  filled: number;
  /** Distinct non-blank values. */
  distinct: number;
  /** Up to a few hundred of its distinct values, trimmed (the same ones on every run). */
  sample: readonly string[];
}
export interface FileStats {
  name: string;
  /** Rows profiled. */
  rows: number;
  columns: readonly ColumnStats[];
}

const ID_LIKE = /(^| )(id|key|uuid|code|number|no|email)$/;

/**
 * A file's candidate keys: columns filled on every profiled row with no value twice;
 * id-like headers first, then in file order (exports put their own key first).
 */
export function keyColumns(f: FileStats): string[] {
  const unique = f.columns.filter((c) => f.rows > 0 && c.filled === f.rows && c.distinct === f.rows);
  const idLike = (c: ColumnStats) => ID_LIKE.test(normaliseHeader(c.name)) || normaliseHeader(c.name) === 'id';
  return [...unique.filter(idLike), ...unique.filter((c) => !idLike(c))].map((c) => c.name);
}

/** For each file and each of its keys, which of the other files' sampled values the whole key holds. */
export type KeyHits = ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<string>>>;

/** Share of a column's sampled values found in a key (0 when it has none). */
export function matchRate(column: ColumnStats, found: ReadonlySet<string> | undefined): number {
  if (!found || column.sample.length === 0) return 0;
  return column.sample.filter((v) => found.has(v)).length / column.sample.length;
}

export interface ProposalFile {
  name: string;
  /** The date pattern the user gave for the file (`read.datePattern`): columns it reads are dates. */
  datePattern?: string;
  /** Header samples, as the mapping screen has them. */
  columns: readonly ColumnProfile[];
  stats: FileStats;
}

const pct = (r: number) => `${Math.round(r * 100)} %`;
const q = (s: string) => JSON.stringify(s);

/**
 * The best reference from `file` to a key of one of `targets`: the column and key
 * with the highest match rate (at least MIN_MATCH_RATE); ties go to id-like headers,
 * then to the earlier column.
 */
export function bestRelation(
  file: ProposalFile,
  targets: readonly ProposalFile[],
  hits: KeyHits,
): Required<AccountRelation> | null {
  let best: Required<AccountRelation> | null = null;
  for (const t of targets) {
    if (t.name === file.name) continue;
    for (const key of keyColumns(t.stats)) {
      const found = hits.get(t.name)?.get(key);
      for (const c of file.stats.columns) {
        const rate = matchRate(c, found);
        if (rate < MIN_MATCH_RATE) continue;
        const better =
          !best ||
          rate > best.matchRate ||
          (rate === best.matchRate &&
            ID_LIKE.test(normaliseHeader(c.name)) &&
            !ID_LIKE.test(normaliseHeader(best.column)));
        if (better) best = { column: c.name, file: t.name, key, matchRate: rate };
      }
    }
  }
  return best;
}

const statsOf = (f: ProposalFile, column: string | undefined) => f.stats.columns.find((c) => c.name === column);

/**
 * The proposed mapping of every file, with relations: each file on its own first
 * (suggestMapping), then what the files say about each other.
 * - A table proposed as accounts whose account ids repeat, or whose own key is
 *   another column and whose account ids are another accounts table's, is a table
 *   about accounts (subscriptions): proposed as its next-best entity.
 * - A file without an account-id column, or whose account ids are mostly not
 *   accounts, reaches its account through the best reference to a key of a file
 *   that reaches one (at most MAX_HOPS relations), with its match rate.
 */
export function proposeMappings(files: readonly ProposalFile[], hits: KeyHits): FileMapping[] {
  const opts = (f: ProposalFile, more: SuggestOptions = {}): SuggestOptions =>
    f.datePattern !== undefined ? { ...more, datePattern: f.datePattern } : more;
  const out = files.map((f) => suggestFileMapping(f.name, f.columns, undefined, opts(f)));
  const isAccounts = (i: number) => out[i]!.entity === 'accounts';
  const accountIdx = () => files.map((_, i) => i).filter(isAccounts);

  // 1. One list of accounts: the others are tables about accounts.
  const candidates = accountIdx();
  if (candidates.length > 1) {
    const own = (i: number) => out[i]!.columns.account_id;
    const uniqueIds = (i: number) => keyColumns(files[i]!.stats).includes(own(i) ?? '');
    const childOf = (i: number): { parent: number; rate: number } | null => {
      const keys = keyColumns(files[i]!.stats);
      if (!uniqueIds(i)) return { parent: -1, rate: 0 };
      if (keys[0] === own(i)) return null;
      for (const j of candidates) {
        if (j === i || !uniqueIds(j) || keyColumns(files[j]!.stats)[0] !== own(j)) continue;
        const rate = matchRate(statsOf(files[i]!, own(i))!, hits.get(files[j]!.name)?.get(own(j)!));
        if (rate >= CHILD_TABLE_RATE) return { parent: j, rate };
      }
      return null;
    };
    const demoted = candidates.map((i) => ({ i, child: childOf(i) })).filter((d) => d.child !== null);
    // Never all of them: with no clear account list the user decides (duplicates are then reported).
    if (demoted.length < candidates.length) {
      for (const { i, child } of demoted) {
        const f = files[i]!;
        const next = rankEntities(f.name, f.columns, opts(f)).find(
          (r) => r.entity !== 'accounts' && r.missingRequired.length === 0,
        );
        if (!next) continue;
        const m = suggestFileMapping(f.name, f.columns, next.entity, opts(f));
        const why =
          child!.parent >= 0
            ? `${q(own(i)!)} holds ${files[child!.parent]!.name}'s account ids (${pct(child!.rate)} of those sampled) and ${q(keyColumns(f.stats)[0]!)} is this table's own key`
            : `${q(own(i)!)} repeats: many rows per account`;
        out[i] = {
          ...m,
          confidence: 'medium',
          notes: [...(m.notes ?? []), `Not a second accounts table: ${why}.`],
        };
      }
    }
  }

  // 2. Every other file reaches an account: directly, or through a relation.
  const accounts = accountIdx();
  // An account list without an account-id column (a headerless file) anchors nothing: a file reached through it
  // would only add a second error to the one that matters.
  const anchored = new Set<number>(accounts.filter((a) => out[a]!.columns.account_id !== undefined));
  const directRate = (i: number): number | null => {
    const col = statsOf(files[i]!, out[i]!.columns.account_id);
    if (!col) return null;
    return Math.max(
      0,
      ...accounts.map((a) => matchRate(col, hits.get(files[a]!.name)?.get(out[a]!.columns.account_id ?? ''))),
    );
  };
  const pending: number[] = [];
  for (let i = 0; i < files.length; i++) {
    if (anchored.has(i)) continue;
    const rate = directRate(i);
    if (rate !== null && rate >= MIN_MATCH_RATE) anchored.add(i);
    else pending.push(i);
  }
  for (let hop = 1; hop <= MAX_HOPS && pending.length > 0; hop++) {
    const targets = [...anchored].map((i) => files[i]!);
    const linked: number[] = [];
    for (const i of pending) {
      const f = files[i]!;
      const rel = bestRelation(f, targets, hits);
      const direct = directRate(i);
      if (!rel || (direct !== null && direct >= rel.matchRate)) continue;
      const target = files.findIndex((t) => t.name === rel.file);
      const m = suggestFileMapping(f.name, f.columns, undefined, opts(f, { accountLinked: true }));
      // A reference to the account list's own id is simply the account-id column.
      if (isAccounts(target) && rel.key === out[target]!.columns.account_id) {
        out[i] = {
          ...m,
          columns: { ...m.columns, account_id: rel.column },
          confidence: lower(m.confidence, rel.matchRate),
        };
      } else {
        const { account_id: _unused, ...columns } = m.columns;
        void _unused;
        out[i] = {
          ...m,
          columns,
          via: rel,
          confidence: lower(m.confidence, rel.matchRate),
          notes: [
            ...(m.notes ?? []),
            `Account found through ${rel.file}: ${pct(rel.matchRate)} of the sampled ${q(rel.column)} values are its ${q(rel.key)}.`,
          ],
        };
      }
      linked.push(i);
    }
    for (const i of linked) {
      anchored.add(i);
      pending.splice(pending.indexOf(i), 1);
    }
    if (linked.length === 0) break;
  }
  for (const i of pending) {
    const rate = directRate(i);
    if (rate === null) continue;
    out[i] = {
      ...out[i]!,
      confidence: 'low',
      notes: [
        ...(out[i]!.notes ?? []),
        `Only ${pct(rate)} of the sampled ${q(out[i]!.columns.account_id!)} values are account ids of the accounts file: check the column, or choose the file it refers to.`,
      ],
    };
  }
  return out;
}

/** A relation that misses part of its sample lowers the confidence: some rows will be rejected. */
function lower(c: FileMapping['confidence'], rate: number): FileMapping['confidence'] {
  if (rate < 0.9) return 'low';
  if (rate < 0.99 && c === 'high') return 'medium';
  return c;
}

/** The files a relation chain goes through, nearest first; an error names a missing file, a loop or a long chain. */
export function relationChain(
  name: string,
  mappings: ReadonlyMap<string, FileMapping>,
): { chain: string[]; problem: string | null } {
  const chain: string[] = [];
  let m = mappings.get(name);
  while (m?.via) {
    const next = m.via.file;
    if (next === name || chain.includes(next))
      return { chain, problem: `${name}: its relations go round in a circle (${[name, ...chain, next].join(' → ')})` };
    chain.push(next);
    if (chain.length > MAX_HOPS)
      return {
        chain,
        problem: `${name}: reaches its account through ${chain.length} files (${chain.join(' → ')}); at most ${MAX_HOPS} are followed`,
      };
    m = mappings.get(next);
    if (!m)
      return {
        chain,
        problem: `${name}: finds its account through ${next}, which is not among the files being imported`,
      };
  }
  return { chain, problem: null };
}

/** A file as the import and the plan see it: its name, its columns in file order, its mapping. */
export interface MappedFile {
  name: string;
  columns: readonly string[];
  mapping: FileMapping;
}

/** Every reason the files' relations cannot be followed, one line each; empty when they can. */
export function relationProblems(files: readonly MappedFile[]): string[] {
  const byName = new Map(files.map((f) => [f.name, f]));
  const mappings = new Map(files.map((f) => [f.name, f.mapping]));
  const twice = duplicateNames(files.map((f) => f.name));
  const problems: string[] = [];
  for (const f of files) {
    const via = f.mapping.via;
    if (!via) continue;
    // Which of the two it means cannot be told: following either could give rows the wrong accounts.
    const same = twice.get(via.file);
    if (same !== undefined) {
      problems.push(
        `${f.name}: its relation names ${via.file}, but ${same} files are named ${via.file}: rename one of them (e.g. stripe-customers.csv), or add them from their folders so each is named by its path (stripe/customers.csv)`,
      );
      continue;
    }
    if (f.mapping.columns.account_id)
      problems.push(
        `${f.name}: has both an account-id column (${q(f.mapping.columns.account_id)}) and a relation to ${via.file}; keep one`,
      );
    if (!f.columns.includes(via.column))
      problems.push(`${f.name}: column ${q(via.column)} (its relation) is not in the file`);
    const target = byName.get(via.file);
    if (target && !target.columns.includes(via.key))
      problems.push(`${f.name}: ${via.file} has no column ${q(via.key)} to look ${q(via.column)} up in`);
    if (target && !target.mapping.via && !target.mapping.columns.account_id)
      problems.push(`${f.name}: ${via.file} has no account-id column, so it cannot give ${f.name} its accounts`);
    const { problem } = relationChain(f.name, mappings);
    if (problem) problems.push(problem);
  }
  return problems;
}
