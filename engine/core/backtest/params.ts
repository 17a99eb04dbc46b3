import type { EvaluateRequest } from '../api/schema.js';

/**
 * One evaluation's inputs: the engine's evaluate request (so the two cannot
 * drift) without its bootstrap count, which the pipeline takes separately
 * (intervals, bootstrap) to keep it off the slider path.
 */
export type EvaluateParams = Omit<EvaluateRequest, 'bootstrap'> & {
  /**
   * Compute the alert backtest (default true). It needs every snapshot's
   * score and its neighbours', so the app asks for it only while the Alerts
   * view is open; without it the result's alerts are null.
   */
  alerts?: boolean;
};
