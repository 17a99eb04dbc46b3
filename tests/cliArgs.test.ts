import { describe, expect, it } from 'vitest';
import { optionsHelp, parseCommandLine, UsageError } from '../engine/node/commandLine.js';

const OPTIONS = {
  help: { type: 'boolean', short: 'h', help: 'show this help' },
  data: { type: 'string', variadic: true, arg: 'DIR|FILES', help: 'exports' },
  out: { type: 'string', arg: 'FILE', help: 'where to write\nthe result' },
  json: { type: 'boolean' },
} as const;

const parse = (argv: string[], positionals = 0) => parseCommandLine(argv, OPTIONS, { positionals });
const usageError = (argv: string[], positionals = 0) => {
  try {
    parse(argv, positionals);
  } catch (err) {
    if (err instanceof UsageError) return err.message;
    throw err;
  }
  return null;
};

describe('the command-line parser', () => {
  it('reads --name value and --name=value alike', () => {
    expect(parse(['--out', 'a.csv']).values.out).toBe('a.csv');
    expect(parse(['--out=a.csv']).values.out).toBe('a.csv');
    expect(parse(['--out=--odd-name.csv']).values.out).toBe('--odd-name.csv');
  });

  it('reads -h as --help and switches as true', () => {
    expect(parse(['-h']).values).toEqual({ help: true });
    expect(parse(['--json', '--help']).values).toEqual({ json: true, help: true });
  });

  it('takes every argument after a variadic option up to the next option, and repeats', () => {
    expect(parse(['--data', 'a.csv', 'b.csv', '--json', '--data=c.csv', 'd.csv']).values).toEqual({
      data: ['a.csv', 'b.csv', 'c.csv', 'd.csv'],
      json: true,
    });
  });

  it('keeps positionals, and anything after -- is one even if it looks like an option', () => {
    expect(parse(['x.json', '--json'], 1)).toEqual({ values: { json: true }, positionals: ['x.json'] });
    expect(parse(['--', '-h'], 1)).toEqual({ values: {}, positionals: ['-h'] });
    expect(parse(['--data', 'a', '--', 'b'], 1)).toEqual({ values: { data: ['a'] }, positionals: ['b'] });
  });

  it('refuses unknown options, naming them as typed', () => {
    expect(usageError(['--bogus'])).toBe('unknown option --bogus');
    expect(usageError(['--bogus=1'])).toBe('unknown option --bogus');
    expect(usageError(['-x'])).toBe('unknown option -x');
    expect(usageError(['-hx'])).toBe('unknown option -x');
  });

  it('refuses a value-taking option without its value, and does not swallow the next option as one', () => {
    expect(usageError(['--out'])).toBe('--out needs a value');
    expect(usageError(['--out', '--json'])).toMatch(/^--out needs a value \(write --out=--json/);
    expect(usageError(['--data'])).toBe('--data needs a value');
  });

  it('refuses a value given to a switch, a single-valued option given twice, and surplus positionals', () => {
    expect(usageError(['--json=yes'])).toBe('--json does not take a value');
    expect(usageError(['--out', 'a', '--out', 'b'])).toBe('--out is given more than once');
    expect(usageError(['stray'])).toBe('unexpected argument "stray"');
    expect(usageError(['a', 'b'], 1)).toBe('unexpected argument "b" (at most 1)');
  });

  it('lets unknown options through when asked, with the argument that may be their value', () => {
    const r = parseCommandLine(
      ['.', '--inspect=0', '--remote-debugging-port', '9222', '--out', 'x', '--no-sandbox'],
      OPTIONS,
      { allowUnknown: true, positionals: 5 },
    );
    expect(r).toEqual({ values: { out: 'x' }, positionals: ['.'] });
  });

  it('writes the options block of a help text from the same specs', () => {
    expect(optionsHelp(OPTIONS)).toBe(
      [
        '  -h, --help               show this help',
        '      --data DIR|FILES...  exports',
        '      --out FILE           where to write',
        '                           the result',
        '      --json',
      ].join('\n'),
    );
  });
});
