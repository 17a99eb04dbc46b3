import { afterEach, describe, expect, it, vi } from 'vitest';
import { LatestQuery, type QueryState } from '../../renderer/api/latestQuery.js';

/** A fetch the test answers by hand. */
function deferred<T>() {
  let ok!: (v: T) => void;
  let fail!: (e: Error) => void;
  const promise = new Promise<T>((a, b) => {
    ok = a;
    fail = b;
  });
  return { promise, ok, fail };
}

function recorder<T>() {
  const states: QueryState<T>[] = [];
  const query = new LatestQuery<T>((s) => states.push(s));
  return { query, states, last: () => states.at(-1)! };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => vi.useRealTimers());

describe('engine queries: the latest answer only', () => {
  it('loads, then shows the answer', async () => {
    const { query, states } = recorder<string>();
    const a = deferred<string>();
    query.start(() => a.promise);
    a.ok('accounts');
    await flush();
    expect(states).toEqual([
      { data: null, error: null, loading: true },
      { data: 'accounts', error: null, loading: false },
    ]);
  });

  it('ignores a stale answer that arrives after a newer one, and one that arrives later still', async () => {
    const { query, last } = recorder<string>();
    const slow = deferred<string>();
    const fast = deferred<string>();
    query.start(() => slow.promise);
    query.start(() => fast.promise);
    fast.ok('new');
    await flush();
    slow.ok('old');
    await flush();
    expect(last()).toEqual({ data: 'new', error: null, loading: false });
  });

  it('keeps the last answer while asking anew and when the new question fails', async () => {
    const { query, last } = recorder<string>();
    query.start(() => Promise.resolve('first'));
    await flush();
    const next = deferred<string>();
    query.start(() => next.promise);
    expect(last()).toEqual({ data: 'first', error: null, loading: true });
    next.fail(new Error('engine busy'));
    await flush();
    expect(last()).toEqual({ data: 'first', error: 'engine busy', loading: false });
    query.start(() => Promise.resolve('second'));
    await flush();
    expect(last()).toEqual({ data: 'second', error: null, loading: false });
  });

  it('debounced: a burst of changes asks once, with the last parameters', async () => {
    vi.useFakeTimers();
    const { query } = recorder<string>();
    const asked: string[] = [];
    for (const q of ['a', 'ac', 'acm']) {
      query.start(() => {
        asked.push(q);
        return Promise.resolve(q);
      }, 200);
      await vi.advanceTimersByTimeAsync(50);
    }
    expect(asked).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    expect(asked).toEqual(['acm']);
  });

  it('after cancel (the asker went away) an answer changes nothing; stop ends loading', async () => {
    const { query, states } = recorder<string>();
    const a = deferred<string>();
    query.start(() => a.promise);
    query.cancel();
    a.ok('late');
    await flush();
    expect(states).toEqual([{ data: null, error: null, loading: true }]);
    query.stop();
    expect(states.at(-1)).toEqual({ data: null, error: null, loading: false });
  });
});
