/** A small, strict argument parser: unknown flags are usage errors, not ignored. */
export class UsageError extends Error {}

export interface Parsed { positional: string[]; flags: Map<string, string[]> }

export function parseArgs(argv: readonly string[], known: Record<string, 'value' | 'values' | 'switch'>): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const name = a.slice(2);
    const kind = known[name];
    if (!kind) throw new UsageError(`unknown option --${name}`);
    if (kind === 'switch') {
      flags.set(name, []);
      continue;
    }
    const values: string[] = [];
    while (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) {
      values.push(argv[++i]!);
      if (kind === 'value') break;
    }
    if (values.length === 0) throw new UsageError(`--${name} needs a value`);
    flags.set(name, [...(flags.get(name) ?? []), ...values]);
  }
  return { positional, flags };
}

export const one = (p: Parsed, name: string): string | undefined => p.flags.get(name)?.[0];
