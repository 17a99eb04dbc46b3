/**
 * One engine read shared by every component that wants the same answer: the
 * first to ask with new params starts the request, the others asking with
 * equal params (by value) read that same answer. Without it each signal card
 * in the category editor asked the engine for the whole insight on its own.
 *
 * While anyone listens the last answer is kept; when the last listener goes,
 * the query forgets it, so the next view to open asks afresh (as a newly
 * mounted useEngineQuery does, e.g. after the data was reloaded).
 */
import { IDLE, LatestQuery, type QueryState } from './latestQuery.js';

export class SharedQuery<P, T> {
  private key: string | null = null;
  private state: QueryState<T> = IDLE;
  private readonly listeners = new Set<() => void>();
  private query: LatestQuery<T>;

  constructor(private readonly fetch: (params: P) => Promise<T>) {
    this.query = this.newQuery();
  }

  private newQuery(): LatestQuery<T> {
    return new LatestQuery<T>((state) => {
      this.state = state;
      for (const l of this.listeners) l();
    });
  }

  /** For useSyncExternalStore. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size > 0) return;
      this.query.cancel();
      this.query = this.newQuery();
      this.key = null;
      this.state = IDLE;
    };
  };

  readonly getState = (): QueryState<T> => this.state;

  /** Ask for `params` (whose value is `key`); a request only when the key differs from the one last asked. */
  ask(key: string, params: P, debounceMs = 0): void {
    if (key === this.key) return;
    this.key = key;
    this.query.start(() => this.fetch(params), debounceMs);
  }
}
