/**
 * Approval: the configuration, who approved it and when, the SHA-256 of the
 * canonical configuration, a fingerprint of the data it was validated on, and
 * the backtest metrics at approval — so re-running it on the same data can be
 * checked to reproduce them exactly.
 */
import {
  APPROVED_FORMAT,
  ApprovedConfigSchema,
  type ApprovedConfig,
  type BacktestSettings,
  type DataFingerprint,
  type EvaluationResult,
  type HeadlineMetrics,
  type ModelConfig,
} from '../api/schema.js';
import { seriousFindings, verdictOf } from '../verdict/verdict.js';
import { canonicalJson, sha256 } from './canonical.js';
import { jsonPath, type ConfigProblem } from './validateConfig.js';

export function headlineMetrics(r: EvaluationResult): HeadlineMetrics {
  const b = r.backtest;
  return {
    evaluated: b.evaluated,
    censored: b.censored,
    precision: b.overall.precision,
    recall: b.overall.recall,
    f1: b.overall.f1,
    auc: b.auc,
    averagePrecision: b.averagePrecision,
    tierChurnRates: b.tiers.map((t) => ({ tierId: t.tierId, count: t.count, churnRate: t.churnRate })),
  };
}

/** The approval hash: SHA-256 of the canonical JSON of { configuration, backtest }. */
export const configHash = (configuration: ModelConfig, backtest: BacktestSettings): Promise<string> =>
  sha256(canonicalJson({ configuration, backtest }));

/** Approval refused: the verdict has serious findings and the approver did not acknowledge them. */
export class ApprovalRefused extends Error {
  constructor(readonly findings: { id: string; sentence: string }[]) {
    super(
      `The verdict has ${findings.length} serious finding${findings.length === 1 ? '' : 's'}; approve only with an explicit acknowledgement: ${findings.map((f) => f.sentence).join(' ')}`,
    );
    this.name = 'ApprovalRefused';
  }
}

/**
 * The approved file. `result` should carry its bootstrap intervals (as the
 * Overview's does) so the recorded verdict is the one the approver read.
 */
export async function approve(
  configuration: ModelConfig,
  backtest: BacktestSettings,
  approver: string,
  note: string,
  data: DataFingerprint,
  result: EvaluationResult,
  now = new Date(),
  acknowledgeSerious = false,
): Promise<ApprovedConfig> {
  const verdict = verdictOf({ result, config: configuration, backtest });
  const serious = seriousFindings(verdict);
  if (serious.length > 0 && !acknowledgeSerious)
    throw new ApprovalRefused(verdict.findings.filter((f) => f.severity === 'serious'));
  return {
    format: APPROVED_FORMAT,
    schemaVersion: 1,
    configuration,
    backtest,
    approval: { approver: approver.trim(), note, approvedAt: now.toISOString() },
    configSha256: await configHash(configuration, backtest),
    data,
    metrics: headlineMetrics(result),
    verdict: { ...verdict, acknowledgement: serious.length > 0 ? { by: approver.trim(), findings: serious } : null },
  };
}

export type ApprovedCheck = { ok: true; approved: ApprovedConfig } | { ok: false; problems: ConfigProblem[] };

/** Validate an approved file and check that its configuration still matches its hash (no edits after approval). */
export async function checkApproved(json: unknown): Promise<ApprovedCheck> {
  const r = ApprovedConfigSchema.safeParse(json);
  if (!r.success) {
    return {
      ok: false,
      problems: r.error.issues.flatMap((i) =>
        i.code === 'unrecognized_keys'
          ? i.keys.map((k) => ({ path: jsonPath([...i.path, k]), message: `unknown field "${k}"` }))
          : [{ path: jsonPath(i.path), message: i.message }],
      ),
    };
  }
  const expected = await configHash(r.data.configuration, r.data.backtest);
  if (expected !== r.data.configSha256) {
    return {
      ok: false,
      problems: [
        {
          path: 'configSha256',
          message: `the configuration was changed after approval (hash ${expected.slice(0, 12)}…, approved ${r.data.configSha256.slice(0, 12)}…)`,
        },
      ],
    };
  }
  return { ok: true, approved: r.data };
}

/** Differences between recorded and recomputed metrics (exact comparison). */
export function compareMetrics(recorded: HeadlineMetrics, now: HeadlineMetrics): string[] {
  const a = JSON.parse(canonicalJson(recorded)) as Record<string, unknown>;
  const b = JSON.parse(canonicalJson(now)) as Record<string, unknown>;
  return Object.keys(a)
    .filter((k) => canonicalJson(a[k]) !== canonicalJson(b[k]))
    .map((k) => `${k}: approved ${canonicalJson(a[k])}, now ${canonicalJson(b[k])}`);
}
