/**
 * The one command-line parser of the CLI, the web host and Electron: node's
 * `util.parseArgs` for the tokens (`--name value`, `--name=value`, `-h`,
 * `--`), plus the rules they need on top of it:
 * - unknown options are usage errors naming the option (Electron may let them
 *   through: Chromium and Electron add their own switches to argv);
 * - a value-taking option needs a value, and one that starts with "-" must be
 *   written `--name=-value` (so `--out --json` is an error, not a file "--json");
 * - a `variadic` option takes every argument after it up to the next option
 *   (`--data a.csv b.csv --json`), as well as repeats (`--data a --data b`).
 * Imports nothing but node:util, so hosts can use it without the CLI.
 */
import { parseArgs } from 'node:util';

export class UsageError extends Error {}

interface Described {
  short?: string;
  /** Placeholder of the value in help, e.g. "FILE". */
  arg?: string;
  /** Help text; lines after the first are indented under it. */
  help?: string;
}
export type OptionSpec =
  | (Described & { type: 'boolean' })
  | (Described & { type: 'string'; variadic?: false })
  | (Described & { type: 'string'; variadic: true });

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

export type OptionValues<O extends OptionSpecs> = {
  [K in keyof O]?: O[K] extends { type: 'boolean' } ? true : O[K] extends { variadic: true } ? string[] : string;
};

export interface ParseRules {
  /** How many positional arguments are allowed (default none). */
  positionals?: number;
  /** Skip unknown options (and any argument that may belong to them) instead of refusing them. */
  allowUnknown?: boolean;
}

export interface ParsedArgs<O extends OptionSpecs> {
  values: OptionValues<O>;
  positionals: string[];
}

export function parseCommandLine<O extends OptionSpecs>(
  argv: readonly string[],
  options: O,
  rules: ParseRules = {},
): ParsedArgs<O> {
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, o] of Object.entries(options)) {
    config[name] = { type: o.type, ...(o.short ? { short: o.short } : {}), multiple: o.type === 'string' };
  }
  // Non-strict so that every problem is reported in this module's words, with the option's name.
  const { tokens } = parseArgs({
    args: [...argv],
    options: config,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values: Record<string, true | string | string[]> = {};
  const positionals: string[] = [];
  let collecting: string | null = null;
  let skippingUnknown = false;
  let afterTerminator = false;
  for (const t of tokens) {
    if (t.kind === 'option-terminator') {
      afterTerminator = true;
      collecting = null;
      continue;
    }
    if (t.kind === 'positional') {
      if (collecting && !afterTerminator) (values[collecting] as string[]).push(t.value);
      else if (!skippingUnknown || afterTerminator) positionals.push(t.value);
      skippingUnknown = false;
      continue;
    }
    collecting = null;
    skippingUnknown = false;
    const spec = Object.hasOwn(options, t.name) ? options[t.name]! : undefined;
    if (!spec) {
      if (!rules.allowUnknown) throw new UsageError(`unknown option ${t.rawName}`);
      skippingUnknown = t.value === undefined;
      continue;
    }
    if (spec.type === 'boolean') {
      if (t.value !== undefined) throw new UsageError(`${t.rawName} does not take a value`);
      values[t.name] = true;
      continue;
    }
    if (t.value === undefined || (!t.inlineValue && t.value.startsWith('-'))) {
      throw new UsageError(
        `${t.rawName} needs a value${t.value ? ` (write ${t.rawName}=${t.value} if "${t.value}" is the value)` : ''}`,
      );
    }
    if (spec.variadic) {
      values[t.name] = [...((values[t.name] as string[] | undefined) ?? []), t.value];
      collecting = t.name;
    } else {
      if (values[t.name] !== undefined) throw new UsageError(`${t.rawName} is given more than once`);
      values[t.name] = t.value;
    }
  }
  const allowed = rules.positionals ?? 0;
  if (positionals.length > allowed) {
    const extra = positionals[allowed];
    throw new UsageError(
      allowed === 0 ? `unexpected argument "${extra}"` : `unexpected argument "${extra}" (at most ${allowed})`,
    );
  }
  return { values: values as OptionValues<O>, positionals };
}

/** The options block of a help text, from the same specs the parser uses (so help cannot miss an option). */
export function optionsHelp(options: OptionSpecs): string {
  const anyShort = Object.values(options).some((o) => o.short);
  const rows = Object.entries(options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : anyShort ? '    ' : ''}--${name}${o.type === 'string' ? ` ${o.arg ?? 'VALUE'}${o.variadic ? '...' : ''}` : ''}`;
    return { flag, help: (o.help ?? '').split('\n') };
  });
  const width = Math.max(...rows.map((r) => r.flag.length)) + 2;
  const indent = `\n  ${' '.repeat(width)}`;
  return rows.map((r) => `  ${r.flag.padEnd(width)}${r.help.join(indent)}`.trimEnd()).join('\n');
}
