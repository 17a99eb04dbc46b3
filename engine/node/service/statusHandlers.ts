/** The engine's state and the loaded data as a whole: status, dataset, defaults, the snapshot bytes. */
import { encodeFrame } from '../../core/api/frameCodec.js';
import { DEFAULT_BACKTEST, DEFAULT_CONFIG, TIER_PRESETS } from '../../core/model/defaults.js';
import type { Handlers } from './dispatch.js';
import type { EngineState } from './state.js';

export function statusHandlers(
  s: EngineState,
): Handlers<'getStatus' | 'getDefaults' | 'getDataset' | 'getSnapshotFrame'> {
  return {
    getStatus: async () => ({ ...s.status, generation: s.generation }),
    getDefaults: async () => ({ config: DEFAULT_CONFIG, tierPresets: TIER_PRESETS, backtest: DEFAULT_BACKTEST }),
    getDataset: async () => (await s.loaded()).meta,
    /**
     * Other cadences and grace periods are built on first request; each encoding is kept until new data replaces it.
     * A frame with custom columns is kept by frameAt (the last few sets) but encoded afresh: a user editing
     * definitions makes a new set each time, and keeping every encoding would hold a copy per edit.
     */
    getSnapshotFrame: async ({ cadence, graceDays, customSignals }) => {
      if (customSignals && customSignals.length > 0)
        return encodeFrame(await s.frameFor([{ config: { customSignals }, path: '' }], { cadence, graceDays }));
      const key = `${cadence}:${graceDays ?? 'default'}`;
      let bytes = s.frameBytes.get(key);
      if (!bytes) {
        bytes = encodeFrame(await s.frame(cadence, graceDays));
        s.frameBytes.set(key, bytes);
      }
      return bytes;
    },
  };
}
