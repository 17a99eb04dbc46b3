/**
 * An approved configuration as one SQL query that scores accounts in a
 * warehouse, over tables with the workbench's canonical columns (accounts,
 * usage_events, tickets, invoices, nps, churn with its reactivation flag, and
 * optionally subscriptions; see sample-data/README.md).
 *
 * It reproduces the engine's month-end snapshot for one as-of date: the same
 * accounts (churn as episodes: an account that came back is scored again, aged
 * from its return; with subscriptions, active while one is open), the same
 * signals (only data dated on or before the date; a measure the tables do not
 * carry is unavailable, never 0), normalisation, missing-data policy, weights
 * and tiers. Written in the SQL that DuckDB and PostgreSQL share (CTEs, FILTER,
 * window functions, EXTRACT, INTERVAL literals, CAST); no engine-specific
 * functions. The signal and category steps are MATERIALIZED so an optimiser
 * does not inline each signal into every expression using it. The engine keeps
 * signals and scores as 32-bit floats, so the query rounds through REAL at the
 * same points to land on the same scores, not merely close ones.
 *
 * The signal steps are portableSignals.ts, churn and subscriptions portableEpisodes.ts.
 */
import type { AssignmentRule, Baseline, Category, Condition, ModelConfig } from '../api/schema.js';
import { samePeriodLastYear } from '../scoring/seasonal.js';
import { resolveConfigurations, type ResolvedConfiguration } from '../model/configurations.js';
import type { PercentileSpec, PointwiseNormalisation } from '../scoring/normalise.js';
import { isCustomSignalId, signalColumnName, type AnySignalId } from '../signals/catalog.js';
import { playbookText } from '../model/playbook.js';
import { D, f32, header, signalsSql, type PortableSqlOptions } from './portableSignals.js';

export { portableSignalColumns, portableSignalsSql, type PortableSqlOptions } from './portableSignals.js';

// num, pctColumn, signalColumn and quote are declarations, not module-level arrows: Stryker can switch their mutants per test.
function num(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`not a finite number: ${x}`);
  return `CAST(${String(x)} AS ${D})`;
}

function cond(v: string, c: Condition): string {
  return `${v} ${c.op === '==' ? '=' : c.op} ${num(c.value)}`;
}

/** SQL for normaliseValue (engine/scoring/normalise.ts), NULL for NULL. */
function normaliseSql(v: string, n: PointwiseNormalisation): string {
  switch (n.kind) {
    case 'linear': {
      const t = `((${v} - ${num(n.worst)}) / ${num(n.best - n.worst)})`;
      return `CASE WHEN ${v} IS NULL THEN NULL WHEN ${t} <= 0 THEN ${num(0)} WHEN ${t} >= 1 THEN ${num(100)} ELSE ${t} * 100 END`;
    }
    case 'bands': {
      const arms = n.edges.map((e, i) => `WHEN ${v} < ${num(e)} THEN ${num(n.scores[i]!)}`).join(' ');
      return `CASE WHEN ${v} IS NULL THEN NULL ${arms} ELSE ${num(n.scores[n.edges.length]!)} END`;
    }
    case 'rules': {
      const sum = [
        num(n.base),
        ...n.rules.map((r) => `CASE WHEN ${cond(v, r.when)} THEN ${num(r.points)} ELSE ${num(0)} END`),
      ].join(' + ');
      return `CASE WHEN ${v} IS NULL THEN NULL ELSE LEAST(${num(100)}, GREATEST(${num(0)}, ${sum})) END`;
    }
    case 'boolean':
      return `CASE WHEN ${v} IS NULL THEN NULL WHEN ${cond(v, n.when)} THEN ${num(n.score)} ELSE ${num(n.otherwise)} END`;
  }
}

/** Column holding a signal's percentile rank (computed in the "ranked" step). */
function pctColumn(signal: string, p: PercentileSpec): string {
  return `pct_${signal}_${p.within}_${p.higherIsBetter ? 'up' : 'down'}`;
}

/** PERCENT_RANK among the accounts of the date (and segment) that have a value; as percentileColumn. */
function percentileSql(signal: string, p: PercentileSpec): string {
  const groups = p.within === 'segment' ? `segment, (${signal} IS NULL)` : `(${signal} IS NULL)`;
  const pr = `PERCENT_RANK() OVER (PARTITION BY ${groups} ORDER BY ${signal})`;
  // Rounded through REAL: the engine keeps the ranks in a Float32Array.
  return `CASE WHEN ${signal} IS NULL THEN NULL ELSE ${f32(`${p.higherIsBetter ? pr : `(1 - ${pr})`} * 100`)} END AS ${pctColumn(signal, p)}`;
}

/** A category score: weighted mean of its available normalised signals, NULL when none is. */
/** The column a signal input reads: with the last-year baseline, a trend's seasonal column (falling back to trailing). */
function signalColumn(signal: AnySignalId, baseline: Baseline): string {
  return isCustomSignalId(signal)
    ? signalColumnName(signal)
    : baseline === 'last-year' && samePeriodLastYear()[signal]
      ? `${signal}_ly`
      : signal;
}

function categorySql(cat: Category, baseline: Baseline): string {
  const parts = cat.signals.map((s) => ({
    v:
      s.normalisation.kind === 'percentile'
        ? `sig.${pctColumn(signalColumn(s.signal, baseline), s.normalisation)}`
        : `(${normaliseSql(`sig.${signalColumn(s.signal, baseline)}`, s.normalisation)})`,
    w: num(s.weight),
  }));
  const sum = parts.map((p) => `COALESCE(${p.v} * ${p.w}, ${num(0)})`).join(' + ');
  const wsum = parts.map((p) => `CASE WHEN ${p.v} IS NULL THEN ${num(0)} ELSE ${p.w} END`).join(' + ');
  return `CASE WHEN (${wsum}) > 0 THEN ${f32(`(${sum}) / (${wsum})`)} END`;
}

/** Signals plus the percentile ranks the configuration uses. */
function rankedSql(configs: readonly ResolvedConfiguration[]): string {
  const seen = new Map<string, string>();
  for (const k of configs) {
    for (const c of k.categories) {
      for (const s of c.signals) {
        if (s.normalisation.kind !== 'percentile') continue;
        const col = signalColumn(s.signal, k.baseline);
        seen.set(pctColumn(col, s.normalisation), percentileSql(col, s.normalisation));
      }
    }
  }
  return `sig AS MATERIALIZED (
  SELECT sig32.*${[...seen.values()].map((x) => `,\n    ${x}`).join('')}
  FROM sig32
)`;
}

/** The columns portableScoreSql returns, in order. */
export function portableScoreColumns(config: ModelConfig): string[] {
  const configs = resolveConfigurations(config);
  const categoryIds = [...new Set([...configs].reverse().flatMap((c) => c.categories.map((x) => x.id)))];
  return [
    'account_id',
    'as_of',
    ...(configs.length > 1 ? ['configuration'] : []),
    ...categoryIds.map((id) => `cat_${id}`),
    'score',
    'tier_id',
    'tier',
    'action',
  ];
}

function quote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** A variant's assignment rule as a condition on the sig columns (as engine/scoring/assign.ts). */
function ruleSql(r: AssignmentRule): string {
  const inList = (col: string, values: string[]) =>
    `LOWER(TRIM(${col})) IN (${values.map((v) => quote(v.trim().toLowerCase())).join(', ')})`;
  const parts: string[] = [];
  if (r.segments) parts.push(inList('segment', r.segments));
  if (r.plans) parts.push(inList('plan', r.plans));
  if (r.regions) parts.push(inList('region', r.regions));
  // A NULL ARR fails both comparisons: an unknown ARR is in no band.
  if (r.arrMin !== undefined) parts.push(`arr >= ${num(r.arrMin)}`);
  if (r.arrBelow !== undefined) parts.push(`arr < ${num(r.arrBelow)}`);
  if (r.ageDaysBelow !== undefined) parts.push(`age_days < ${r.ageDaysBelow}`);
  return parts.join(' AND ');
}

/** The weighted score of configuration k's category columns under its missing-data policy. */
function scoreSql(c: ResolvedConfiguration, cols: string[]): string {
  const weights = c.categories.map((x) => num(x.weight));
  if (c.missing !== 'reweight') {
    const fill = c.missing === 'penalise' ? 0 : 50;
    return f32(`(${cols.map((col, i) => `${weights[i]} * COALESCE(${col}, ${num(fill)})`).join(' + ')}) / 100`);
  }
  const wsum = cols.map((col, i) => `CASE WHEN ${col} IS NULL THEN ${num(0)} ELSE ${weights[i]} END`).join(' + ');
  return `CASE WHEN (${wsum}) > 0 THEN ${f32(`(${cols.map((col, i) => `COALESCE(${weights[i]} * ${col}, ${num(0)})`).join(' + ')}) / (${wsum})`)} END`;
}

/**
 * One query: account_id, as_of, a score per category, score, tier and action,
 * for every account active at the date. With variants, a "configuration"
 * column says which configuration scored the account (the first whose rule
 * matches, else the default), and category columns are those of the
 * account's configuration (NULL for categories it does not have).
 */
export function portableScoreSql(config: ModelConfig, o: PortableSqlOptions): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(o.asOf)) throw new Error(`asOf must be YYYY-MM-DD, got ${o.asOf}`);
  const configs = resolveConfigurations(config);
  const V = configs.length - 1;
  const cols = configs.map((c, k) => c.categories.map((x) => (V === 0 ? `cat_${x.id}` : `c${k}_${x.id}`)));
  const pick = (exprs: string[]) =>
    V === 0 ? exprs[0]! : `CASE cfg ${exprs.map((e, k) => `WHEN ${k} THEN ${e}`).join(' ')} END`;
  const categoryIds = [...new Set([...configs].reverse().flatMap((c) => c.categories.map((x) => x.id)))];
  const outCats =
    V === 0
      ? cols[0]!
      : categoryIds.map(
          (id) =>
            `${pick(
              configs.map((c, k) => {
                const j = c.categories.findIndex((x) => x.id === id);
                return j >= 0 ? cols[k]![j]! : 'NULL';
              }),
            )} AS cat_${id}`,
        );
  const tiers = config.tiers.tiers;
  const tierCase = (field: (t: (typeof tiers)[number]) => string) => {
    const byCuts = (c: ResolvedConfiguration) =>
      `CASE ${c.tiers.tiers
        .slice(0, -1)
        .map((t) => `WHEN score >= ${t.min} THEN ${quote(field(t))}`)
        .join(' ')} ELSE ${quote(field(tiers.at(-1)!))} END`;
    return `CASE WHEN score IS NULL THEN NULL ELSE ${pick(configs.map(byCuts))} END`;
  };
  const assignment =
    V === 0
      ? ''
      : `CASE ${configs
          .slice(0, V)
          .map((c, k) => `WHEN ${ruleSql(c.when!)} THEN ${k}`)
          .join(' ')} ELSE ${V} END AS cfg, `;
  const cfgCol = V === 0 ? '' : 'cfg, ';
  return `-- Health Score Workbench: "${config.name.replace(/\n/g, ' ')}" (configuration schema ${config.schemaVersion}), scored at ${o.asOf}.
${header({ ...o, customSignals: config.customSignals ?? [] })}WITH ${signalsSql({ ...o, customSignals: config.customSignals ?? [] })},
${rankedSql(configs)},
categories AS MATERIALIZED (
  SELECT account_id, as_of, ${assignment}${configs.flatMap((c, k) => c.categories.map((x, j) => `${categorySql(x, c.baseline)} AS ${cols[k]![j]}`)).join(',\n    ')}
  FROM sig
),
scored AS (
  SELECT account_id, as_of, ${cfgCol}${outCats.join(', ')}, ${pick(configs.map((c, k) => scoreSql(c, cols[k]!)))} AS score
  FROM categories
)
SELECT account_id, as_of, ${V === 0 ? '' : `${pick(configs.map((c) => quote(c.id)))} AS configuration, `}${categoryIds.map((id) => `cat_${id}`).join(', ')}, score,
  ${tierCase((t) => t.id)} AS tier_id,
  ${tierCase((t) => t.name)} AS tier,
  ${tierCase((t) => playbookText(t))} AS action
FROM scored
ORDER BY account_id;
`;
}
