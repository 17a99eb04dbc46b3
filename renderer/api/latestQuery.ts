/**
 * The logic behind useEngineQuery, without React: one query at a time, where
 * a new run makes every earlier one stale. A stale answer is dropped whenever
 * it arrives, so a slow response to old parameters never overwrites a newer one.
 */
export interface QueryState<T> {
  /** The latest answer; kept while a newer one loads or fails. */
  data: T | null;
  /** Why the latest run failed; cleared by the next answer. */
  error: string | null;
  loading: boolean;
}

export const IDLE: QueryState<never> = { data: null, error: null, loading: false };

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class LatestQuery<T> {
  private state: QueryState<T> = IDLE;
  private run = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly onChange: (state: QueryState<T>) => void) {}

  /** Ask anew, after `debounceMs` without another start (typing, a dragged slider asks once it settles). */
  start(fetch: () => Promise<T>, debounceMs = 0): void {
    this.cancel();
    const mine = this.run;
    const fresh = () => mine === this.run;
    if (!this.state.loading) this.update({ ...this.state, loading: true });
    const ask = () => {
      fetch().then(
        (data) => fresh() && this.update({ data, error: null, loading: false }),
        (err: unknown) => fresh() && this.update({ ...this.state, error: messageOf(err), loading: false }),
      );
    };
    if (debounceMs > 0) this.timer = setTimeout(ask, debounceMs);
    else ask();
  }

  /** Make the run in flight stale without a word (the asker is going away or asking anew). */
  cancel(): void {
    this.run++;
    clearTimeout(this.timer);
  }

  /** Nothing to ask: drop the run in flight, keep the last answer. */
  stop(): void {
    this.cancel();
    if (this.state.loading) this.update({ ...this.state, loading: false });
  }

  private update(state: QueryState<T>): void {
    this.state = state;
    this.onChange(state);
  }
}
