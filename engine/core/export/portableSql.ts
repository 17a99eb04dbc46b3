/**
 * An approved configuration as one SQL query that scores accounts in a
 * warehouse, over tables with the workbench's canonical columns (accounts,
 * usage_events, tickets, invoices, nps, churn; see sample-data/README.md).
 *
 * It reproduces the engine's month-end snapshot for one as-of date: the same
 * signals (only data dated on or before the date), normalisation, missing-data
 * policy, weights and tiers. Written in the SQL that DuckDB and PostgreSQL
 * share (CTEs, FILTER, window functions, EXTRACT, INTERVAL literals, CAST);
 * no engine-specific functions. The signal and category steps are MATERIALIZED
 * so an optimiser does not inline each signal into every expression using it.
 * The engine keeps signals and scores as 32-bit
 * floats, so the query rounds through REAL at the same points to land on the
 * same scores, not merely close ones.
 */
import type { AssignmentRule, Baseline, Category, Condition, ModelConfig } from '../api/schema.js';
import { SAME_PERIOD_LAST_YEAR } from '../scoring/seasonal.js';
import { resolveConfigurations, type ResolvedConfiguration } from '../model/configurations.js';
import type { PercentileSpec, PointwiseNormalisation } from '../scoring/normalise.js';
import { SIGNAL_IDS, type SignalId } from '../signals/catalog.js';
import { playbookText } from '../model/playbook.js';

export interface PortableSqlOptions {
  /** Month-end to score at (YYYY-MM-DD). */
  asOf: string;
  /** Days each usage row covers (1 for daily rows, 7 for weekly); the engine infers it from the data. */
  usageIntervalDays: number;
}

const D = 'DOUBLE PRECISION';
/** Round to a 32-bit float and back, as the engine's Float32Array storage does. */
const f32 = (x: string) => `CAST(CAST(${x} AS REAL) AS ${D})`;
const num = (x: number) => {
  if (!Number.isFinite(x)) throw new Error(`not a finite number: ${x}`);
  return `CAST(${String(x)} AS ${D})`;
};

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
const pctColumn = (signal: string, p: PercentileSpec) =>
  `pct_${signal}_${p.within}_${p.higherIsBetter ? 'up' : 'down'}`;

/** PERCENT_RANK among the accounts of the date (and segment) that have a value; as percentileColumn. */
function percentileSql(signal: string, p: PercentileSpec): string {
  const groups = p.within === 'segment' ? `segment, (${signal} IS NULL)` : `(${signal} IS NULL)`;
  const pr = `PERCENT_RANK() OVER (PARTITION BY ${groups} ORDER BY ${signal})`;
  // Rounded through REAL: the engine keeps the ranks in a Float32Array.
  return `CASE WHEN ${signal} IS NULL THEN NULL ELSE ${f32(`${p.higherIsBetter ? pr : `(1 - ${pr})`} * 100`)} END AS ${pctColumn(signal, p)}`;
}

/** A category score: weighted mean of its available normalised signals, NULL when none is. */
/** The column a signal input reads: with the last-year baseline, a trend's seasonal column (falling back to trailing). */
const signalColumn = (signal: SignalId, baseline: Baseline) =>
  baseline === 'last-year' && SAME_PERIOD_LAST_YEAR[signal] ? `${signal}_ly` : signal;

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

/** The signal CTEs: engine/snapshots/buildSnapshots.ts at monthly cadence, for one as-of date. */
function signalsSql(o: PortableSqlOptions): string {
  const interval = Math.max(1, Math.trunc(o.usageIntervalDays));
  const mi = (x: string) =>
    `(CAST(EXTRACT(YEAR FROM ${x}) AS INTEGER) * 12 + CAST(EXTRACT(MONTH FROM ${x}) AS INTEGER) - 1)`;
  const div = (a: string, b: string) => `(${a}) / NULLIF(${b}, 0)`;
  return `params AS (
  SELECT CAST('${o.asOf}' AS DATE) AS as_of
),
params2 AS (
  SELECT as_of, ${mi('as_of')} AS m FROM params
),
churned AS (
  SELECT account_id, MIN(churn_date) AS churn_date FROM churn GROUP BY account_id
),
snap AS (
  SELECT a.account_id, COALESCE(a.segment, 'Unknown') AS segment, COALESCE(a.plan, 'Unknown') AS plan, COALESCE(a.region, 'Unknown') AS region,
    a.arr, a.seats, a.signup_date, a.renewal_date, p.as_of, p.m
  FROM accounts a CROSS JOIN params2 p LEFT JOIN churned c ON c.account_id = a.account_id
  WHERE a.signup_date <= p.as_of AND (c.churn_date IS NULL OR c.churn_date > p.as_of)
),
usage_k AS (
  SELECT u.account_id, p.m - ${mi(`(u.date + ${interval - 1})`)} AS k, u.logins, u.key_actions, u.features_used, u.session_minutes, u.api_calls, u.active_users, u.trainings_completed, u.community_actions
  FROM usage_events u CROSS JOIN params2 p
),
usage_w AS (
  SELECT account_id,
    NULLIF(COUNT(*) FILTER (WHERE k < 3), 0) AS n3,
    SUM(logins) FILTER (WHERE k < 1) AS logins0, COUNT(logins) FILTER (WHERE k < 1) AS logins0_n,
    SUM(logins) FILTER (WHERE k < 3) AS logins3, COUNT(logins) FILTER (WHERE k < 3) AS logins3_n,
    SUM(key_actions) FILTER (WHERE k < 1) AS keys0, COUNT(key_actions) FILTER (WHERE k < 1) AS keys0_n,
    SUM(key_actions) FILTER (WHERE k < 3) AS keys3, COUNT(key_actions) FILTER (WHERE k < 3) AS keys3_n,
    SUM(features_used) FILTER (WHERE k < 1) AS features0, COUNT(features_used) FILTER (WHERE k < 1) AS features0_n,
    SUM(session_minutes) FILTER (WHERE k < 1) AS minutes0, COUNT(session_minutes) FILTER (WHERE k < 1) AS minutes0_n,
    SUM(session_minutes) FILTER (WHERE k < 3) AS minutes3, COUNT(session_minutes) FILTER (WHERE k < 3) AS minutes3_n,
    SUM(api_calls) FILTER (WHERE k < 1) AS api0, COUNT(api_calls) FILTER (WHERE k < 1) AS api0_n,
    SUM(api_calls) FILTER (WHERE k < 3) AS api3, COUNT(api_calls) FILTER (WHERE k < 3) AS api3_n,
    SUM(active_users) FILTER (WHERE k < 1) AS au0, COUNT(active_users) FILTER (WHERE k < 1) AS au0_n,
    SUM(active_users) FILTER (WHERE k = 3) AS au3, COUNT(active_users) FILTER (WHERE k = 3) AS au3_n,
    SUM(logins) FILTER (WHERE k = 12) AS logins_y, COUNT(logins) FILTER (WHERE k = 12) AS logins_y_n,
    SUM(session_minutes) FILTER (WHERE k = 12) AS minutes_y, COUNT(session_minutes) FILTER (WHERE k = 12) AS minutes_y_n,
    SUM(key_actions) FILTER (WHERE k = 12) AS keys_y, COUNT(key_actions) FILTER (WHERE k = 12) AS keys_y_n,
    SUM(api_calls) FILTER (WHERE k = 12) AS api_y, COUNT(api_calls) FILTER (WHERE k = 12) AS api_y_n,
    SUM(trainings_completed) FILTER (WHERE k < 3) AS train3, COUNT(trainings_completed) FILTER (WHERE k < 3) AS train3_n,
    SUM(community_actions) FILTER (WHERE k < 1) AS community0, COUNT(community_actions) FILTER (WHERE k < 3) AS community3_n
  FROM usage_k WHERE k BETWEEN 0 AND 12
  GROUP BY account_id
),
has AS MATERIALIZED (
  SELECT (SELECT COUNT(*) FROM tickets) > 0 AS tickets, (SELECT COUNT(*) FROM invoices) > 0 AS invoices, (SELECT COUNT(*) FROM nps) > 0 AS nps,
    (SELECT COUNT(sentiment) FROM tickets) > 0 AS sentiment
),
tick_rows AS (
  SELECT s.account_id, s.as_of, s.m - ${mi('t.opened_at')} AS k, t.opened_at, t.closed_at, t.escalated, t.csat, t.ticket_id
  FROM snap s JOIN tickets t ON t.account_id = s.account_id AND t.opened_at < s.as_of + 1
),
tick AS (
  SELECT account_id,
    COUNT(*) FILTER (WHERE k < 1) AS opened0,
    COUNT(*) FILTER (WHERE k >= 1 AND k < 4) AS opened_prev3,
    COUNT(*) FILTER (WHERE escalated AND k < 3) AS escalations,
    COUNT(*) FILTER (WHERE closed_at IS NULL OR closed_at >= as_of + 1) AS open_now
  FROM tick_rows GROUP BY account_id
),
csat_ranked AS (
  SELECT account_id, csat, ROW_NUMBER() OVER (PARTITION BY account_id ORDER BY closed_at DESC, ticket_id DESC NULLS LAST) AS r
  FROM tick_rows WHERE csat IS NOT NULL AND closed_at < as_of + 1
),
csat5 AS (
  SELECT account_id, AVG(csat) AS csat_last5 FROM csat_ranked WHERE r <= 5 GROUP BY account_id
),
inv AS (
  SELECT s.account_id,
    MAX(CASE WHEN i.paid_date IS NULL OR i.paid_date > s.as_of THEN s.as_of - i.due_date ELSE 0 END)
      FILTER (WHERE i.due_date <= s.as_of AND i.due_date > s.as_of - INTERVAL '12 months') AS max_overdue,
    COUNT(*) FILTER (WHERE i.due_date > s.as_of - INTERVAL '6 months' AND i.due_date < s.as_of AND (i.paid_date IS NULL OR i.paid_date > i.due_date)) AS late6,
    AVG(i.amount) FILTER (WHERE i.issued_date <= s.as_of AND i.issued_date > s.as_of - INTERVAL '3 months') AS amount_now,
    AVG(i.amount) FILTER (WHERE i.issued_date <= s.as_of - INTERVAL '3 months' AND i.issued_date > s.as_of - INTERVAL '12 months') AS amount_before
  FROM snap s JOIN invoices i ON i.account_id = s.account_id
    AND ((i.due_date <= s.as_of AND i.due_date > s.as_of - INTERVAL '12 months') OR (i.issued_date <= s.as_of AND i.issued_date > s.as_of - INTERVAL '12 months'))
  GROUP BY s.account_id
),
senti AS (
  SELECT s.account_id,
    AVG(t.sentiment) FILTER (WHERE t.opened_at >= s.as_of + 1 - INTERVAL '3 months') AS now,
    AVG(t.sentiment) FILTER (WHERE t.opened_at < s.as_of + 1 - INTERVAL '3 months') AS before
  FROM snap s JOIN tickets t ON t.account_id = s.account_id AND t.sentiment IS NOT NULL
    AND t.opened_at < s.as_of + 1 AND t.opened_at >= s.as_of + 1 - INTERVAL '6 months'
  GROUP BY s.account_id
),
nps_rows AS (
  SELECT s.account_id, p.score, ROW_NUMBER() OVER (PARTITION BY s.account_id ORDER BY p.responded_at DESC, p.response_id DESC NULLS LAST) AS r
  FROM snap s JOIN nps p ON p.account_id = s.account_id AND p.responded_at <= s.as_of AND p.responded_at > s.as_of - INTERVAL '12 months'
),
np AS (
  SELECT account_id, MAX(CASE WHEN r = 1 THEN score END) AS latest, COUNT(*) AS responses FROM nps_rows GROUP BY account_id
),
anniversary AS (
  SELECT account_id, as_of, signup_date,
    CAST(signup_date + CAST(EXTRACT(YEAR FROM as_of) - EXTRACT(YEAR FROM signup_date) AS INTEGER) * INTERVAL '1 year' AS DATE) AS this_year
  FROM snap
),
sig_raw AS (
  SELECT s.account_id, s.segment, s.plan, s.region, s.arr, s.as_of - s.signup_date AS age_days, s.as_of,
    CASE WHEN u.n3 IS NULL THEN NULL WHEN COALESCE(u.logins0, 0) = 0 THEN 0
         ELSE ${div(div('u.logins0', 'u.logins0_n'), div('u.logins3', 'u.logins3_n'))} END AS logins_trend,
    CASE WHEN u.n3 IS NULL THEN NULL WHEN COALESCE(u.features0_n, 0) = 0 THEN 0
         ELSE ${div('u.features0', 'u.features0_n')} / 20.0 END AS feature_breadth,
    CASE WHEN u.n3 IS NULL THEN NULL WHEN COALESCE(u.minutes0, 0) = 0 THEN 0
         ELSE ${div(div('u.minutes0', 'u.minutes0_n'), div('u.minutes3', 'u.minutes3_n'))} END AS session_trend,
    CASE WHEN NOT h.tickets THEN NULL ELSE (CAST(COALESCE(t.opened0, 0) AS ${D}) + 1) / (CAST(COALESCE(t.opened_prev3, 0) AS ${D}) / 3.0 + 1) END AS ticket_volume_ratio,
    CASE WHEN NOT h.tickets THEN NULL ELSE c5.csat_last5 END AS csat_last5,
    CASE WHEN NOT h.tickets THEN NULL ELSE COALESCE(t.escalations, 0) END AS escalations_3m,
    CASE WHEN NOT h.tickets THEN NULL ELSE COALESCE(t.open_now, 0) END AS open_tickets,
    CASE WHEN NOT h.invoices THEN NULL ELSE GREATEST(COALESCE(i.max_overdue, 0), 0) END AS max_days_overdue,
    CASE WHEN NOT h.invoices THEN NULL ELSE COALESCE(i.late6, 0) END AS late_payments_6m,
    -- A renewal date in the accounts table due within a year is the next renewal, as in the engine.
    CASE WHEN s.renewal_date > s.as_of AND s.renewal_date <= CAST(s.as_of + INTERVAL '12 months' AS DATE) THEN s.renewal_date
         WHEN an.this_year <= s.as_of
         THEN CAST(s.signup_date + (CAST(EXTRACT(YEAR FROM s.as_of) - EXTRACT(YEAR FROM s.signup_date) AS INTEGER) + 1) * INTERVAL '1 year' AS DATE)
         ELSE an.this_year END - s.as_of AS days_to_renewal,
    CASE WHEN NOT h.nps THEN NULL ELSE np.latest END AS nps_latest,
    CASE WHEN NOT h.nps THEN NULL ELSE COALESCE(np.responses, 0) END AS nps_responses_12m,
    CASE WHEN COALESCE(u.au3_n, 0) = 0 OR u.au3 = 0 THEN NULL
         ELSE COALESCE(${div('u.au0', 'u.au0_n')}, 0) / (${div('u.au3', 'u.au3_n')}) END AS active_users_change,
    CASE WHEN u.n3 IS NULL OR COALESCE(s.seats, 0) <= 0 THEN NULL
         ELSE COALESCE(${div('u.au0', 'u.au0_n')}, 0) / s.seats END AS seat_utilisation,
    CASE WHEN u.n3 IS NULL THEN NULL WHEN COALESCE(u.api0, 0) = 0 THEN 0
         ELSE ${div(div('u.api0', 'u.api0_n'), div('u.api3', 'u.api3_n'))} END AS api_calls_trend,
    CASE WHEN u.n3 IS NULL THEN NULL WHEN COALESCE(u.keys0, 0) = 0 THEN 0
         ELSE ${div(div('u.keys0', 'u.keys0_n'), div('u.keys3', 'u.keys3_n'))} END AS key_actions_trend,
    CASE WHEN u.n3 IS NULL OR COALESCE(u.logins_y_n, 0) = 0 OR u.logins_y = 0 THEN NULL WHEN COALESCE(u.logins0, 0) = 0 THEN 0
         ELSE ${div(div('u.logins0', 'u.logins0_n'), div('u.logins_y', 'u.logins_y_n'))} END AS logins_yoy,
    ${(['minutes:session', 'keys:key_actions', 'api:api_calls'] as const)
      .map((p) => {
        const [col, name] = p.split(':') as [string, string];
        return `CASE WHEN u.n3 IS NULL OR COALESCE(u.${col}_y_n, 0) = 0 OR u.${col}_y = 0 THEN NULL WHEN COALESCE(u.${col}0, 0) = 0 THEN 0
         ELSE ${div(div(`u.${col}0`, `u.${col}0_n`), div(`u.${col}_y`, `u.${col}_y_n`))} END AS ${name}_yoy,`;
      })
      .join('\n    ')}
    CASE WHEN NOT h.invoices THEN NULL WHEN COALESCE(i.max_overdue, 0) > 0 THEN 0 ELSE 1 END AS payment_current,
    CASE WHEN NOT h.invoices OR i.amount_now IS NULL OR NOT (i.amount_before > 0) THEN NULL ELSE i.amount_now / i.amount_before END AS subscription_change,
    CASE WHEN NOT h.sentiment THEN NULL ELSE se.now - se.before END AS sentiment_trend,
    CASE WHEN COALESCE(u.train3_n, 0) = 0 THEN NULL ELSE u.train3 END AS training_completions,
    CASE WHEN COALESCE(u.community3_n, 0) = 0 THEN NULL ELSE COALESCE(u.community0, 0) END AS community_actions,
    -- Subscriptions are not among the warehouse tables this query reads: unavailable, as in an export without them.
    CAST(NULL AS ${D}) AS active_subscriptions
  FROM snap s CROSS JOIN has h
  JOIN anniversary an ON an.account_id = s.account_id
  LEFT JOIN usage_w u ON u.account_id = s.account_id
  LEFT JOIN tick t ON t.account_id = s.account_id
  LEFT JOIN csat5 c5 ON c5.account_id = s.account_id
  LEFT JOIN inv i ON i.account_id = s.account_id
  LEFT JOIN senti se ON se.account_id = s.account_id
  LEFT JOIN np ON np.account_id = s.account_id
),
sig32 AS MATERIALIZED (
  SELECT account_id, segment, plan, region, ${f32(`CAST(arr AS ${D})`)} AS arr, age_days, as_of, ${SIGNAL_IDS.map((id: SignalId) => `${f32(`CAST(${id} AS ${D})`)} AS ${id}`).join(', ')},
    ${Object.entries(SAME_PERIOD_LAST_YEAR)
      .map(
        ([trailing, yoy]) =>
          `COALESCE(${f32(`CAST(${yoy} AS ${D})`)}, ${f32(`CAST(${trailing} AS ${D})`)}) AS ${trailing}_ly`,
      )
      .join(', ')}
  FROM sig_raw
)`;
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

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

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
-- Reads accounts, usage_events, tickets, invoices, nps and churn with the workbench's column names.
-- To score another month-end, change the date in "params". Runs unchanged on DuckDB and PostgreSQL.
WITH ${signalsSql(o)},
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
