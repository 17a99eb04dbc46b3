/** Scoring and judging the model on the loaded snapshots: evaluate, compare, suggest, approve, the accounts view, exports. */
import type { SnapshotFrame } from '../../core/snapshots/frame.js';
import { DEFAULT_REPLICATES } from '../../core/backtest/bootstrap.js';
import { evaluateFrame } from '../../core/backtest/evaluate.js';
import { fitScorecard, TooFewChurnersError } from '../../core/calibration/scorecard.js';
import { suggestWeights } from '../../core/calibration/suggestWeights.js';
import { compareScenarios } from '../../core/compare/compareScenarios.js';
import { approve, ApprovalRefused } from '../../core/config/approve.js';
import { listAccounts } from '../../core/accounts/listAccounts.js';
import { portableScoreSql } from '../../core/export/portableSql.js';
import { signalDistribution } from '../../core/signals/distribution.js';
import { frameInsight } from '../../core/insight/insight.js';
import type { Handlers } from './dispatch.js';
import { EngineRequestError } from './errors.js';
import type { EngineState } from './state.js';

type BacktestMethod =
  | 'evaluate'
  | 'compareScenarios'
  | 'approveConfig'
  | 'listAccounts'
  | 'suggestWeights'
  | 'fitScorecard'
  | 'signalDistribution'
  | 'exportSql'
  | 'insight';

/** A requested date must be one of the frame's snapshot dates: the schema checks its form, only the data its existence. */
function requireSnapshotDate(frame: SnapshotFrame, asOf: string, message: string, detail: string): void {
  if (!frame.meta.periods.includes(asOf)) throw new EngineRequestError(message, [{ path: 'asOf', message: detail }]);
}

export function backtestHandlers(s: EngineState): Handlers<BacktestMethod> {
  return {
    evaluate: async (req) => {
      const frame = await s.frameFor([{ config: req.config, path: 'config' }], req.backtest);
      const message = `asOf ${req.asOf} is not a ${req.backtest.cadence} snapshot date`;
      requireSnapshotDate(frame, req.asOf, message, `expected one of ${frame.meta.periods.join(', ')}`);
      return evaluateFrame(frame, req.config, req.backtest, req.asOf, req.bootstrap ?? 0);
    },
    compareScenarios: async (req) => {
      const frame = await s.frameFor(
        req.scenarios.map((sc, i) => ({ config: sc.config, path: `scenarios.${i}.config` })),
        req.scenarios[0]!.backtest,
      );
      requireSnapshotDate(
        frame,
        req.asOf,
        `asOf ${req.asOf} is not a snapshot date`,
        'not a snapshot date at the baseline cadence',
      );
      return compareScenarios(frame, req.scenarios, req.asOf);
    },
    approveConfig: async (req) => {
      const frame = await s.frameFor([{ config: req.config, path: 'config' }], req.backtest);
      // With the Overview's bootstrap resamples, so the recorded verdict is the one on screen.
      const result = evaluateFrame(frame, req.config, req.backtest, frame.meta.periods.at(-1)!, DEFAULT_REPLICATES);
      try {
        return await approve(
          req.config,
          req.backtest,
          req.approver,
          req.note,
          s.data!.fingerprint,
          result,
          new Date(),
          req.acknowledgeSerious,
        );
      } catch (err) {
        if (!(err instanceof ApprovalRefused)) throw err;
        throw new EngineRequestError(err.message, [{ path: 'acknowledgeSerious', message: err.message }]);
      }
    },
    listAccounts: async (req) => {
      const frame = await s.frameFor([{ config: req.config, path: 'config' }], req.backtest);
      requireSnapshotDate(
        frame,
        req.asOf,
        `asOf ${req.asOf} is not a snapshot date`,
        'not a snapshot date at this cadence',
      );
      return listAccounts(frame, req);
    },
    suggestWeights: async (req) =>
      suggestWeights(
        await s.frameFor([{ config: req.config, path: 'config' }], req.backtest),
        req.config,
        req.backtest,
        req.configurationId,
      ),
    fitScorecard: async (req) => {
      const frame = await s.frameFor([{ config: req.config, path: 'config' }], req.backtest);
      try {
        return { status: 'fitted' as const, fit: fitScorecard(frame, req.config, req.backtest) };
      } catch (err) {
        if (err instanceof TooFewChurnersError)
          return {
            status: 'too-few-churners' as const,
            churners: err.churners,
            needed: err.needed,
            fitMonths: err.months,
            text: err.message,
          };
        // Nothing to fit on (no earlier month-ends, no varying signal): the request cannot be answered as asked.
        throw new EngineRequestError(`Cannot fit a scorecard: ${err instanceof Error ? err.message : String(err)}`, []);
      }
    },
    signalDistribution: async (req) => {
      // Values do not depend on the grace period, so the default one's frame serves (and is the one cached).
      const frame = await s.frameFor([{ config: req, path: '' }], { cadence: req.cadence });
      requireSnapshotDate(
        frame,
        req.asOf,
        `asOf ${req.asOf} is not a snapshot date`,
        'not a snapshot date at this cadence',
      );
      if (!frame.values[req.signal])
        throw new EngineRequestError(`signal "${req.signal}" is not defined: send its definition in customSignals`, [
          { path: 'signal', message: 'no such column in the snapshots' },
        ]);
      return signalDistribution(frame, req.signal, req.asOf, req.baseline);
    },
    insight: async (req) =>
      frameInsight(await s.frameFor([{ config: req.config, path: 'config' }], req.backtest), req.config, req.backtest),
    exportSql: async (req) => {
      const frame = await s.frame('monthly', req.graceDays);
      const asOf = req.asOf ?? frame.meta.periods.at(-1)!;
      // The query reads subscriptions when the export has them, as the frame did, at the same grace period.
      const subscriptions = frame.meta.sourceLastDates.subscriptions !== undefined;
      const grace = req.graceDays !== undefined ? { graceDays: req.graceDays } : {};
      return {
        asOf,
        sql: portableScoreSql(req.config, {
          asOf,
          usageIntervalDays: frame.meta.usageIntervalDays,
          subscriptions,
          extraColumns: (await s.loaded()).extraColumns,
          ...grace,
        }),
      };
    },
  };
}
