/** View choices that change what is shown, not what is computed. */
import { create } from 'zustand';
import type { Dimension } from '../../engine/core/api/schema.js';

export type TargetMetric = 'recall' | 'precision' | 'f1';

export interface ViewState {
  tab: string;
  dimension: Dimension;
  target: { metric: TargetMetric; min: number };
  setTab(tab: string): void;
  setDimension(d: Dimension): void;
  setTarget(t: { metric: TargetMetric; min: number }): void;
}

export const useViewStore = create<ViewState>()((set) => ({
  tab: 'overview',
  dimension: 'segment',
  target: { metric: 'recall', min: 0.7 },
  setTab: (tab) => set({ tab }),
  setDimension: (dimension) => set({ dimension }),
  setTarget: (target) => set({ target }),
}));
