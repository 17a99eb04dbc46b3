/**
 * Which worker answers reach the screen. Every request gets a sequence
 * number; a result older than one already shown is dropped, so the screen
 * never steps back.
 */
import type { FromWorker } from './protocol.js';

/** Shared by every gate, so results of a replaced worker can never pass for newer ones. */
let lastSeq = 0;

export class ResultGate {
  private seq = 0;
  private shown = 0;
  /** The newest sequence number whose final (not provisional) result was shown. */
  private final = 0;

  /** The sequence number for a new request. */
  next(): number {
    this.seq = ++lastSeq;
    return this.seq;
  }

  /** Whether this message belongs on screen now (and, for a result, note that it is). */
  admit(m: Exclude<FromWorker, { type: 'ready' }>): boolean {
    if (m.type === 'result') {
      // A newer result, or the final one for the provisional result on screen.
      if (!(m.seq > this.shown || (m.seq === this.shown && !m.provisional && this.final < m.seq))) return false;
      this.shown = m.seq;
      if (!m.provisional) this.final = m.seq;
      return true;
    }
    // Intervals belong to exactly one result; late ones for an older result are dropped.
    if (m.type === 'intervals') return m.seq === this.shown && m.seq === this.seq;
    return m.seq >= this.shown;
  }
}
