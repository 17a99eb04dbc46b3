/**
 * One cadence's snapshots in a worker, ready to evaluate. The UI thread reads
 * only the frame's header (its dates); the columns are decoded once, in the
 * worker the bytes move to.
 */
import { readFrameHeader } from '../../engine/core/api/frameCodec.js';
import type { CustomSignal, EngineClient } from '../../engine/core/api/schema.js';
import { customFrameKey } from '../../engine/core/signals/customFrameSet.js';
import type { Cadence } from '../../engine/core/snapshots/frame.js';
import { ComputeClient, type ComputeCallbacks } from './computeClient.js';
import type { WorkerEvaluateRequest } from './protocol.js';

export interface Evaluator {
  readonly cadence: Cadence;
  /** The subscription grace period its frame's episodes were built with (absent: the engine's default). */
  readonly graceDays?: number | undefined;
  /** Which custom columns its frame holds (customFrameKey of the definitions it was opened with; '' for none). */
  readonly customKey: string;
  /** The snapshot dates this evaluator can be asked about. */
  readonly periods: readonly string[];
  /** Queue an evaluation; returns its sequence number. */
  request(req: WorkerEvaluateRequest): number;
  dispose(): void;
}

/** Fetch a cadence's snapshot frame and start a worker on it; resolves once the worker has it. */
export async function openEvaluator(
  client: Pick<EngineClient, 'getSnapshotFrame'>,
  cadence: Cadence,
  callbacks: ComputeCallbacks,
  onProgress?: (received: number, total: number) => void,
  graceDays?: number,
  customSignals: readonly CustomSignal[] = [],
): Promise<Evaluator> {
  const frame = await client.getSnapshotFrame(cadence, onProgress, graceDays, customSignals);
  const { periods } = readFrameHeader(frame).meta; // read before the buffer moves to the worker
  const compute = new ComputeClient(frame, callbacks);
  try {
    await compute.ready;
  } catch (err) {
    compute.dispose();
    throw err;
  }
  return {
    cadence,
    graceDays,
    customKey: customFrameKey(customSignals),
    periods,
    request: (req) => compute.request(req),
    dispose: () => compute.dispose(),
  };
}
