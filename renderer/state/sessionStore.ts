/** Loading progress, the dataset, and the latest evaluation shown on screen. */
import { create } from 'zustand';
import {
  RANKED_FIELDS,
  type DatasetMeta,
  type EvaluationResult,
  type Intervals,
  type LoadStatus,
} from '../../engine/core/api/schema.js';

/** A dataset without extra columns: one shared object, so a selector falling back to it stays stable. */
export const NO_EXTRAS: DatasetMeta['extraColumns'] = Object.freeze({});

export interface SessionState {
  status: LoadStatus;
  error: string | null;
  dataset: DatasetMeta | null;
  result: EvaluationResult | null;
  /** Bootstrap intervals for the result on screen, once computed. */
  intervals: Intervals | null;
  resultSeq: number;
  /** The request whose ranking-based metrics (curves, AUC, deciles, capacity) are on screen; behind resultSeq while they are redone. */
  rankedSeq: number;
  requestedSeq: number;
  computeMs: number | null;
  /** Set while snapshots at another cadence are being built and loaded. */
  switching: string | null;
  /** The engine's data generation this session shows; a new one (import, workspace) restarts the session. */
  generation: number;
  dataChanged(generation: number): void;
  setSwitching(message: string | null): void;
  setStatus(status: LoadStatus): void;
  fail(message: string): void;
  setDataset(dataset: DatasetMeta): void;
  requested(seq: number): void;
  showResult(seq: number, result: EvaluationResult, ms: number, provisional?: boolean): void;
  showIntervals(seq: number, intervals: Intervals): void;
}

/**
 * The final result of the request already on screen (provisionally): only
 * its ranking-based parts are new, so everything else keeps its identity and
 * the charts drawn from it are not redrawn.
 */
function withRanking(shown: EvaluationResult, final: EvaluationResult): EvaluationResult {
  const backtest = { ...shown.backtest, alerts: final.backtest.alerts };
  for (const k of RANKED_FIELDS) (backtest as Record<string, unknown>)[k] = final.backtest[k];
  return { ...shown, backtest };
}

export const useSessionStore = create<SessionState>()((set) => ({
  status: { state: 'loading', step: 'Connecting to the engine', done: 0, total: 1 },
  error: null,
  dataset: null,
  result: null,
  intervals: null,
  resultSeq: 0,
  rankedSeq: 0,
  requestedSeq: 0,
  computeMs: null,
  switching: null,
  generation: 1,
  dataChanged: (generation) =>
    set((s) =>
      s.generation === generation
        ? {}
        : {
            generation,
            dataset: null,
            result: null,
            intervals: null,
            error: null,
            switching: null,
            status: { state: 'loading', step: 'Loading the new data', done: 0, total: 1 },
          },
    ),
  setSwitching: (switching) => set({ switching }),
  setStatus: (status) => set({ status }),
  fail: (message) => set({ error: message }),
  setDataset: (dataset) => set({ dataset }),
  requested: (seq) => set({ requestedSeq: seq }),
  showResult: (seq, result, ms, provisional = false) =>
    set((s) => ({
      result: !provisional && s.result && s.resultSeq === seq ? withRanking(s.result, result) : result,
      resultSeq: seq,
      computeMs: ms,
      error: null,
      rankedSeq: provisional ? s.rankedSeq : seq,
      // Intervals belong to the final result of a request: a provisional one clears them, its final keeps none yet.
      intervals: null,
    })),
  showIntervals: (seq, intervals) => set((s) => (s.resultSeq === seq ? { intervals } : {})),
}));

/** Derived: a recompute is in flight. */
export const selectComputing = (s: SessionState) => s.requestedSeq > s.resultSeq || s.switching !== null;

/** Derived: every number on screen belongs to the latest request (the ranking-based metrics too). */
export const selectSettled = (s: SessionState) => !selectComputing(s) && s.rankedSeq >= s.resultSeq;
