/**
 * The pipeline's one caching rule: keep the last value with the key it was
 * made for, and make it again only when asked with a different key. A slider
 * moves one thing at a time, so the last value is the one worth keeping.
 * Keys are compared with Object.is: strings by content, objects by identity
 * (a model config is a value: an edit makes a new object).
 */
export class Memo<K, V> {
  private last: { readonly key: K; readonly value: V } | null = null;

  /** The value for key: the kept one when the key is unchanged, else made now (and kept). */
  get(key: K, make: () => V): V {
    const last = this.last;
    if (last !== null && Object.is(last.key, key)) return last.value;
    const value = make();
    this.last = { key, value };
    return value;
  }

  /** The kept value and its key, whatever key it was made for; null before the first get. */
  peek(): { readonly key: K; readonly value: V } | null {
    return this.last;
  }
}

/** One Memo per position (a configuration's index): a different number of positions starts afresh. */
export class MemoRow<K, V> {
  private slots: Memo<K, V>[] = [];

  /** The memo at position k of a row of length n. */
  at(k: number, n: number): Memo<K, V> {
    if (this.slots.length !== n) this.slots = Array.from({ length: n }, () => new Memo<K, V>());
    return this.slots[k]!;
  }
}
