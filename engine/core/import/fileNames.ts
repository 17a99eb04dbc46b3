/**
 * The names files are known by. Relations and saved mappings refer to files by
 * name, so two exports with the same base name from different folders
 * (`stripe/customers.csv`, `hubspot/customers.csv`) are each named by as much of
 * their path as tells them apart. Pure: paths are split on either separator.
 */

const segments = (path: string) => path.split(/[\\/]+/).filter((s) => s !== '');
const suffix = (path: string, n: number) => segments(path).slice(-n).join('/');

/** Each path's name: its base name, or the shortest path ending that no other path with that base name shares. */
export function distinctFileNames(paths: readonly string[]): string[] {
  return paths.map((p) => {
    const base = suffix(p, 1);
    const rivals = paths.filter((q) => q !== p && suffix(q, 1) === base);
    if (rivals.length === 0) return base;
    const depth = segments(p).length;
    for (let n = 2; n <= depth; n++) {
      const mine = suffix(p, n);
      if (rivals.every((q) => suffix(q, n) !== mine)) return mine;
    }
    return segments(p).join('/');
  });
}

/** Names more than one file holds, each with how many hold it. */
export function duplicateNames(names: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  return new Map([...counts].filter(([, c]) => c > 1));
}
