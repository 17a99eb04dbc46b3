/**
 * The recompute, in one place. Its inputs are stated, not looked up: the
 * model (configuration, backtest settings, as-of date) through `set`, and the
 * optional results some view shows through `want`. A change that alters the
 * request sends exactly one request to the evaluator at the backtest's
 * cadence; a change of cadence, grace period or custom signal definitions
 * first opens an evaluator on the snapshots they need.
 */
import type { BacktestSettings, CustomSignal, ModelConfig } from '../../engine/core/api/schema.js';
import { customFrameKey } from '../../engine/core/signals/customFrameSet.js';
import type { Cadence } from '../../engine/core/snapshots/frame.js';
import type { Evaluator } from './evaluator.js';
import type { WorkerEvaluateRequest } from './protocol.js';

export interface ModelInputs {
  config: ModelConfig;
  backtest: BacktestSettings;
  asOf: string;
}

/** Results that cost extra work, computed only while something wants them. */
export type OptionalResult = 'alerts' | 'intervals';

export interface RecomputeHooks {
  /**
   * Fetch a cadence's snapshots (episodes at a grace period, absent: the default; a column per custom
   * signal definition) and start an evaluator on them.
   */
  open(cadence: Cadence, graceDays: number | undefined, customSignals: readonly CustomSignal[]): Promise<Evaluator>;
  /** A request went out with this sequence number. */
  requested(seq: number): void;
  /** Shown while another cadence's snapshots are built and loaded; null once they are. */
  switching(message: string | null): void;
  /** The snapshot dates after a cadence switch: the model's as-of date has to be one of them. */
  periods(periods: readonly string[]): void;
  failed(message: string): void;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Whether what `sent` asked for already answers `next`: same model, and every result `next` wants. */
function covers(sent: WorkerEvaluateRequest, next: WorkerEvaluateRequest): boolean {
  return (
    sent.config === next.config &&
    sent.backtest === next.backtest &&
    sent.asOf === next.asOf &&
    (sent.alerts || !next.alerts) &&
    (sent.intervals || !next.intervals)
  );
}

/**
 * The evaluator's snapshots are the ones this model asks for: same cadence, same grace period, the
 * columns of its custom signals (a label or category edit keeps them; a new definition does not).
 */
const fits = (e: Evaluator, m: ModelInputs) =>
  e.cadence === m.backtest.cadence &&
  e.graceDays === m.backtest.graceDays &&
  e.customKey === customFrameKey(m.config.customSignals);

export class Recompute {
  private evaluator: Evaluator | null = null;
  private inputs: ModelInputs | null = null;
  private readonly wanted = new Map<OptionalResult, number>();
  /** The last request and the evaluator it went to. */
  private sent: { to: Evaluator; request: WorkerEvaluateRequest } | null = null;
  private opening = false;
  private disposed = false;

  constructor(private readonly hooks: RecomputeHooks) {}

  /** Open the first evaluator; resolves with its snapshot dates (the model needs them before its first `set`). */
  async start(
    cadence: Cadence,
    graceDays?: number,
    customSignals: readonly CustomSignal[] = [],
  ): Promise<readonly string[]> {
    const first = await this.hooks.open(cadence, graceDays, customSignals);
    if (this.disposed) first.dispose();
    else {
      this.evaluator = first;
      this.sync();
    }
    return first.periods;
  }

  /** The model to evaluate. */
  set(inputs: ModelInputs): void {
    this.inputs = inputs;
    this.sync();
  }

  /**
   * Ask for an optional result until the returned function is called. Asking
   * recomputes only if the result on its way lacks it; letting go recomputes
   * nothing (the next request simply leaves it out).
   */
  want(result: OptionalResult): () => void {
    this.wanted.set(result, (this.wanted.get(result) ?? 0) + 1);
    this.sync();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.wanted.set(result, (this.wanted.get(result) ?? 1) - 1);
    };
  }

  dispose(): void {
    this.disposed = true;
    this.evaluator?.dispose();
    this.evaluator = null;
  }

  private isWanted(result: OptionalResult): boolean {
    return (this.wanted.get(result) ?? 0) > 0;
  }

  private sync(): void {
    const { evaluator, inputs } = this;
    if (this.disposed || !evaluator || !inputs) return;
    if (!fits(evaluator, inputs)) {
      void this.switchTo(inputs);
      return;
    }
    const request: WorkerEvaluateRequest = {
      config: inputs.config,
      backtest: inputs.backtest,
      asOf: inputs.asOf,
      intervals: this.isWanted('intervals'),
      alerts: this.isWanted('alerts'),
    };
    if (this.sent?.to === evaluator && covers(this.sent.request, request)) return;
    this.sent = { to: evaluator, request };
    this.hooks.requested(evaluator.request(request));
  }

  /** One switch at a time: when it lands, `sync` catches up with whatever snapshots are wanted by then. */
  private async switchTo(inputs: ModelInputs): Promise<void> {
    if (this.opening) return;
    this.opening = true;
    const { cadence, graceDays } = inputs.backtest;
    const customSignals = inputs.config.customSignals ?? [];
    const was = this.evaluator;
    this.hooks.switching(
      cadence !== was?.cadence
        ? `Building ${cadence} snapshots…`
        : graceDays !== was.graceDays
          ? graceDays === undefined
            ? `Building ${cadence} snapshots…`
            : `Rebuilding snapshots with a ${graceDays}-day grace period between subscriptions…`
          : customSignals.length > 0
            ? 'Computing the custom signals for every account and snapshot date…'
            : `Loading the ${cadence} snapshots without custom signals…`,
    );
    let next: Evaluator;
    try {
      next = await this.hooks.open(cadence, graceDays, customSignals);
    } catch (err) {
      this.opening = false;
      if (!this.disposed) {
        this.hooks.switching(null);
        this.hooks.failed(messageOf(err));
      }
      return;
    }
    this.opening = false;
    if (this.disposed) {
      next.dispose();
      return;
    }
    this.hooks.switching(null);
    if (this.inputs && this.evaluator && fits(this.evaluator, this.inputs))
      next.dispose(); // switched back meanwhile
    else {
      this.evaluator?.dispose();
      this.evaluator = next;
      this.hooks.periods(next.periods); // a new as-of date comes back through `set`
    }
    this.sync();
  }
}
