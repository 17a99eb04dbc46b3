/**
 * The built-in catalogue as definitions (issue 15): every signal of SIGNAL_IDS is defined exactly once,
 * in one of the family modules the snapshot SQL and the warehouse SQL both render.
 */
import { describe, expect, it } from 'vitest';
import { SIGNAL_IDS } from '../../engine/core/signals/catalog.js';
import { BILLING_SIGNALS } from '../../engine/core/signals/builtinBilling.js';
import { NPS_SIGNALS } from '../../engine/core/signals/builtinNps.js';
import { RENEWAL_SIGNALS } from '../../engine/core/signals/builtinRenewal.js';
import { SUPPORT_SIGNALS } from '../../engine/core/signals/builtinSupport.js';
import { USAGE_SIGNALS } from '../../engine/core/signals/builtinUsage.js';

describe('the built-in catalogue', () => {
  it('defines every built-in signal exactly once across its families, and nothing else', () => {
    const defined = [USAGE_SIGNALS, SUPPORT_SIGNALS, BILLING_SIGNALS, NPS_SIGNALS, RENEWAL_SIGNALS].flatMap((f) =>
      f.map((s) => s.id),
    );
    expect([...defined].sort()).toEqual([...SIGNAL_IDS].sort());
  });
});
