/**
 * One mapped field's SQL, run on DuckDB over values typed in the test: how each text
 * parses (numbers in their column's style, dates, yes/no words), which parsed values the
 * range rules make missing (each rule at its boundary), the reason and action each
 * check logs, and which rows the typed pass flags for the checks. Every expected value
 * is worked by hand from the value's text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, sqlString, type Database } from '../../engine/node/data/duckdb.js';
import type { FileMapping } from '../../engine/core/api/importSchema.js';
import {
  churnFlagSql,
  finalSql,
  flagConditions,
  numberStyles,
  parsedSql,
  parseExpr,
  requiredHere,
  valueChecks,
  type FieldSql,
  type NumberStyle,
} from '../../engine/node/import/fieldSql.js';
import { entitySpec, type EntityId, type FieldSpec } from '../../engine/core/import/entities.js';
import type { DateFormatId } from '../../engine/core/import/dateFormats.js';

let db: Database;
let today: string;
let tomorrow: string;
beforeAll(async () => {
  db = await openDatabase();
  // The clock the range rules read (DuckDB's current_date), not a value the module computes.
  [today, tomorrow] = (
    await db.conn.runAndReadAll(`SELECT current_date::VARCHAR, (current_date + 1)::VARCHAR`)
  ).getRowsJson()[0] as [string, string];
});
afterAll(() => db.close());

const field = (entity: EntityId, role: string): FieldSpec => entitySpec(entity).fields.find((f) => f.role === role)!;

interface Options {
  style?: NumberStyle;
  datePattern?: string;
  dateFormats?: Record<string, DateFormatId>;
  columns?: Record<string, string>;
  required?: boolean;
  given?: boolean;
}

/** The field's SQL over the text column c0, its parsed value written out where the pass names a column. */
function fieldSql(entity: EntityId, role: string, o: Options = {}): FieldSql {
  const f = field(entity, role);
  const mapping: FileMapping = { entity, columns: o.columns ?? { [role]: role }, dateFormats: o.dateFormats ?? {} };
  const s: FieldSql = {
    entity,
    field: f,
    mapping,
    style: o.style ?? 'plain',
    datePattern: o.datePattern,
    required: o.required ?? f.required === true,
    given: o.given ?? false,
    raw: 'c0',
    p: '',
  };
  return { ...s, p: `(${parsedSql(s)})` };
}

const values = (vs: readonly (string | null)[]) =>
  `(VALUES ${vs.map((v, i) => `(${i}, ${v === null ? 'NULL::VARCHAR' : sqlString(v)})`).join(', ')}) t(i, c0)`;

/** `expr` (SQL over c0) for each value, in order. */
async function over(vs: readonly (string | null)[], expr: string): Promise<unknown[]> {
  return (await db.conn.runAndReadAll(`SELECT ${expr} FROM ${values(vs)} ORDER BY i`)).getRowsJson().map((r) => r[0]);
}

/** Each value's final value (range rules applied), as text so dates and numbers compare alike. */
const finals = (s: FieldSql, vs: readonly (string | null)[]) => over(vs, `(${finalSql(s)})::VARCHAR`);

/** What the checks log for the values: `value: reason → action`, in value order. */
async function logged(s: FieldSql, vs: readonly (string | null)[]): Promise<string[]> {
  const union = valueChecks(s)
    .map(
      (c) =>
        `SELECT i, coalesce(c0, '') AS v, ${c.reasonSql} AS reason, ${sqlString(c.action)} AS action FROM t WHERE ${c.where}`,
    )
    .join(' UNION ALL ');
  const rows = await db.conn.runAndReadAll(
    `WITH t AS (SELECT * FROM ${values(vs)}) SELECT v, reason, action FROM (${union}) ORDER BY i, reason`,
  );
  return rows.getRowsJson().map(([v, reason, action]) => `${String(v)}: ${String(reason)} → ${String(action)}`);
}

/** Whether the typed pass flags each value's row (the flag is one CASE over the conditions). */
async function flags(s: FieldSql, vs: readonly (string | null)[]): Promise<unknown[]> {
  const when = flagConditions(s);
  return over(
    vs,
    when.length > 0 ? `CASE ${when.map((w) => `WHEN ${w} THEN true`).join(' ')} ELSE false END` : 'false',
  );
}

/** The sentence a churn flag it cannot read gets, as the user reads it. */
const FLAG_NOT_READ =
  'not a churn flag (expected yes/no, true/false, 1/0, y/n or churned/active/cancelled): correct the value, it is not guessed';

describe('numbers as their column writes them', () => {
  it('with commas grouping thousands: the commas go, anything else with a comma is no number', async () => {
    const s = fieldSql('accounts', 'arr', { style: 'thousands-comma' });
    const vs = ['12,345', '1,234.50', '-1,000', ' 2,000 ', '1,234,567', '900.5', ' 7 ', '12,34', '1,2345', '', null];
    expect(await over(vs, s.p)).toEqual([12345, 1234.5, -1000, 2000, 1234567, 900.5, 7, null, null, null, null]);
  });

  it('with a decimal comma: the comma is the point and dots group thousands', async () => {
    const s = fieldSql('accounts', 'arr', { style: 'decimal-comma' });
    const vs = [
      '1200,50',
      '1.234,5',
      '12,345',
      '1.234.567,8',
      '-3,5',
      ' 3,5 ',
      '1.234',
      '-1.000',
      '800',
      '1.5',
      '12,3,4',
    ];
    expect(await over(vs, s.p)).toEqual([1200.5, 1234.5, 12.345, 1234567.8, -3.5, 3.5, 1234, -1000, 800, 1.5, null]);
  });

  it('plainly: as DuckDB casts the text, so a comma makes it no number', async () => {
    const s = fieldSql('accounts', 'arr', { style: 'plain' });
    expect(await over(['12,345', ' 7 ', '1.5', '-2', '1e3'], s.p)).toEqual([null, 7, 1.5, -2, 1000]);
  });

  it('never gives NaN or an infinity, in any style', async () => {
    for (const style of ['plain', 'thousands-comma', 'decimal-comma'] as const) {
      const s = fieldSql('accounts', 'arr', { style });
      expect(await over(['NaN', 'Infinity', '-inf', 'abc'], s.p)).toEqual([null, null, null, null]);
    }
  });

  it('a count parses as a number does (its range rule comes after)', async () => {
    const s = fieldSql('accounts', 'seats', { style: 'thousands-comma' });
    expect(await over(['1,000', '3.5', 'x'], s.p)).toEqual([1000, 3.5, null]);
  });
});

describe("a numeric column's style, judged from all its values", () => {
  it('is a decimal comma only where some comma cannot group thousands and no value has a decimal point', async () => {
    const columns: Record<string, (string | null)[]> = {
      thousands: ['12,345', '1,234.5', '7'], // every comma groups three digits
      groupsOnly: ['1,000', '12,345'], // the same, and no decimal point to weigh
      decimal: ['1200,50', '800', null], // two digits after the comma
      dottedGroups: ['1.234,5'], // dots grouping thousands before a comma
      fourDigits: ['12,3456'],
      negative: ['-5,25'],
      padded: [' 1200,50 '],
      withPoint: ['3,5', '1,234.5'], // a decimal point elsewhere: the commas group thousands
      withPlainPoint: ['3,5', '12.5'],
      negativePoint: ['-1,5', '-2.5'],
      paddedPoint: ['1,5', ' 2.5 '],
      notAPoint: ['1,5', '1.2.3'], // no number with a decimal point
    };
    const names = Object.keys(columns);
    const n = Math.max(...Object.values(columns).map((c) => c.length));
    const row = (k: number) =>
      `(${names.map((c) => ((columns[c]![k] ?? null) === null ? 'NULL::VARCHAR' : sqlString(columns[c]![k]!))).join(', ')})`;
    await db.conn.run(
      `CREATE OR REPLACE TABLE styles AS SELECT * FROM (VALUES ${Array.from({ length: n }, (_, k) => row(k)).join(', ')}) t(${names.join(', ')})`,
    );
    const got = Object.fromEntries(await numberStyles(db, 'styles', names));
    expect(got).toEqual({
      thousands: 'thousands-comma',
      groupsOnly: 'thousands-comma',
      decimal: 'decimal-comma',
      dottedGroups: 'decimal-comma',
      fourDigits: 'decimal-comma',
      negative: 'decimal-comma',
      padded: 'decimal-comma',
      withPoint: 'thousands-comma',
      withPlainPoint: 'thousands-comma',
      negativePoint: 'thousands-comma',
      paddedPoint: 'thousands-comma',
      notAPoint: 'decimal-comma',
    });
  });

  it('has nothing to judge without numeric columns', async () => {
    expect((await numberStyles(db, 'no_such_table', [])).size).toBe(0);
  });

  it('groups thousands where no comma could be a decimal comma', async () => {
    await db.conn.run(
      `CREATE OR REPLACE TABLE grouped AS SELECT * FROM (VALUES ('1,000', '7'), ('12,345', '8')) t(a, b)`,
    );
    expect(Object.fromEntries(await numberStyles(db, 'grouped', ['a', 'b']))).toEqual({
      a: 'thousands-comma',
      b: 'thousands-comma',
    });
  });
});

describe('dates, times, words and text', () => {
  it('reads an ISO date at the start of the value, and nothing else, by default', async () => {
    const s = fieldSql('accounts', 'signup_date');
    const vs = ['2024-03-04', '2024-03-04 10:11:12', ' 2024-03-04', '2024-02-30', '03/04/2024', '', null];
    expect(await over(vs, `(${s.p})::VARCHAR`)).toEqual([
      '2024-03-04',
      '2024-03-04',
      '2024-03-04',
      null,
      null,
      null,
      null,
    ]);
  });

  it("reads the column's detected format, and a pattern the user typed over it", async () => {
    const us = fieldSql('accounts', 'signup_date', { dateFormats: { signup_date: 'us' } });
    expect(await over(['03/04/2024', '2024-03-04'], `(${us.p})::VARCHAR`)).toEqual(['2024-03-04', null]);
    const typed = fieldSql('accounts', 'signup_date', { dateFormats: { signup_date: 'us' }, datePattern: '%d.%m.%Y' });
    expect(await over(['04.03.2024', '03/04/2024'], `(${typed.p})::VARCHAR`)).toEqual(['2024-03-04', null]);
  });

  it('keeps the time of day of a ticket opened or closed, in ISO only', async () => {
    const vs = ['2024-03-04 10:11:12', '2024-03-04T10:11:12Z', ' 2024-03-04 10:11:12 ', '2024-03-04', 'soon'];
    const times = ['2024-03-04 10:11:12', '2024-03-04 10:11:12', '2024-03-04 10:11:12', '2024-03-04 00:00:00', null];
    for (const role of ['opened_at', 'closed_at']) {
      const s = fieldSql('tickets', role);
      expect(await over(vs, `(${s.p})::VARCHAR`)).toEqual(times);
    }
    // Another format is read to the day, as every other date role is.
    const us = fieldSql('tickets', 'opened_at', { dateFormats: { opened_at: 'us' } });
    expect(await over(['03/04/2024 10:11'], `(${us.p})::VARCHAR`)).toEqual(['2024-03-04']);
    const usage = fieldSql('usage_daily', 'date');
    expect(await over(['2024-03-04 10:11:12'], `(${usage.p})::VARCHAR`)).toEqual(['2024-03-04']);
  });

  it('reads a date the user gave as YYYY-MM-DD, whatever format the role has', async () => {
    const s = fieldSql('score_history', 'score_date', { given: true, dateFormats: { score_date: 'us' } });
    expect(await over(['x'], `(${parsedSql({ ...s, raw: sqlString('2024-06-30') })})::VARCHAR`)).toEqual([
      '2024-06-30',
    ]);
  });

  it('reads every yes/no word in any case and with spaces around it, and no other word', async () => {
    const s = fieldSql('tickets', 'escalated');
    const yes = ['true', 't', 'yes', 'y', '1', 'won', 'closed won', 'renewed', 'x', 'reactivated', 'reactivation'];
    const no = ['false', 'f', 'no', 'n', '0', 'lost', 'closed lost', 'churned', 'not renewed', 'churn', 'cancelled'];
    const more = ['won back', 'canceled', ' YES ', 'Closed Won', 'maybe', '', null];
    expect(await over([...yes, ...no, ...more], s.p)).toEqual([
      ...yes.map(() => true),
      ...no.map(() => false),
      true,
      false,
      true,
      true,
      null,
      null,
      null,
    ]);
  });

  it('reads a churn flag as churned, active or unread', async () => {
    expect(await over(['Churned', ' ACTIVE ', 'yes', '0', 'maybe', ''], churnFlagSql('c0'))).toEqual([
      true,
      false,
      true,
      false,
      null,
      null,
    ]);
    const s = fieldSql('churn', 'churned');
    expect(await over(['cancelled', 'retained'], s.p)).toEqual([true, false]);
  });

  it('trims text and ids, a blank one being missing', async () => {
    for (const [entity, role] of [
      ['accounts', 'account_id'],
      ['accounts', 'name'],
    ] as const) {
      const p = parseExpr(field(entity, role), 'c0', { entity, columns: {}, dateFormats: {} });
      expect(await over([' Acme ', 'Acme', '   ', '', null], p)).toEqual(['Acme', 'Acme', null, null, null]);
    }
  });
});

describe('range rules: an impossible value becomes missing', () => {
  const cases: [string, EntityId, string, (string | null)[], (string | null)[]][] = [
    ['an NPS score from 0 to 10', 'nps', 'score', ['0', '10', '10.5', '-0.5', '5'], ['0.0', '10.0', null, null, '5.0']],
    [
      'a tenure of whole months from 0 to 1,200',
      'accounts',
      'tenure_months',
      ['0', '-1', '3', '3.5', '1200', '1201'],
      ['0.0', null, '3.0', null, '1200.0', null],
    ],
    [
      'a count from 0 to 2,147,483,647, whole',
      'accounts',
      'seats',
      ['0', '-1', '3', '3.5', '2147483647', '2147483648'],
      ['0.0', null, '3.0', null, '2147483647.0', null],
    ],
    ['a usage count likewise', 'usage_daily', 'logins', ['-1', '2.5', '4'], [null, null, '4.0']],
    [
      'an override score from 0 to 100',
      'overrides',
      'score',
      ['0', '100', '100.5', '-0.5', '50'],
      ['0.0', '100.0', null, null, '50.0'],
    ],
    [
      'a health score from 0 to 100',
      'score_history',
      'score',
      ['0', '100', '101', '-1', '50'],
      ['0.0', '100.0', null, null, '50.0'],
    ],
    ['a non-negative ARR, however large', 'accounts', 'arr', ['0', '-0.01', '1500.5'], ['0.0', null, '1500.5']],
    ['non-negative session minutes', 'usage_daily', 'session_minutes', ['0', '-0.5', '2.5'], ['0.0', null, '2.5']],
    ['a non-negative CSAT', 'tickets', 'csat', ['0', '-1', '4.5'], ['0.0', null, '4.5']],
    [
      'a sentiment from −1 to 1',
      'tickets',
      'sentiment',
      ['-1', '1', '1.01', '-1.01', '0.5'],
      ['-1.0', '1.0', null, null, '0.5'],
    ],
    ['no rule for MRR', 'accounts', 'mrr', ['-5', '3.5'], ['-5.0', '3.5']],
    // The score rules are the score's: an entity's other fields keep their text.
    ['an NPS answer id as written', 'nps', 'response_id', ['R-1'], ['R-1']],
    ["an override's reason as written", 'overrides', 'reason', ['CSM call'], ['CSM call']],
    ['a health status as written', 'score_history', 'status', ['Green'], ['Green']],
  ];
  for (const [what, entity, role, vs, expected] of cases)
    it(`keeps ${what}`, async () => {
      expect(await finals(fieldSql(entity, role), vs)).toEqual(expected);
    });

  it('keeps a date from 1990-01-01 to today for what happened', async () => {
    const vs = ['1989-12-31', '1990-01-01', today, tomorrow];
    for (const [entity, role] of [
      ['usage_daily', 'date'],
      ['accounts', 'signup_date'],
      ['invoices', 'issued_date'],
    ] as const)
      expect(await finals(fieldSql(entity, role), vs)).toEqual([null, '1990-01-01', today, null]);
    // A ticket keeps its time of day inside the range.
    expect(await finals(fieldSql('tickets', 'opened_at'), ['1989-12-31 23:59:59', '1990-01-01 08:00:00'])).toEqual([
      null,
      '1990-01-01 08:00:00',
    ]);
  });

  it('keeps a renewal, a due date, an expiry and an end date that lie ahead, but not before 1990', async () => {
    for (const [entity, role] of [
      ['accounts', 'renewal_date'],
      ['renewals', 'renewal_date'],
      ['invoices', 'due_date'],
      ['overrides', 'expires_at'],
      ['subscriptions', 'end_date'],
    ] as const)
      expect(await finals(fieldSql(entity, role), ['1989-12-31', tomorrow, '2099-06-01'])).toEqual([
        null,
        tomorrow,
        '2099-06-01',
      ]);
  });
});

describe('what the checks log', () => {
  it('rejects the row of a required value that is blank, unparsed or impossible, naming which', async () => {
    expect(await logged(fieldSql('nps', 'score'), ['', null, 'abc', '11', '-1', '5'])).toEqual([
      ': blank Score (0–10) → row rejected',
      ': blank Score (0–10) → row rejected',
      'abc: not a number → row rejected',
      '11: NPS score outside 0–10 → row rejected',
      '-1: NPS score outside 0–10 → row rejected',
    ]);
  });

  it('says whether a rejected date is before 1990 or after today, and which format it expected', async () => {
    expect(await logged(fieldSql('usage_daily', 'date'), [' ', 'x', '1965-03-01', '2099-06-01', '2024-06-01'])).toEqual(
      [
        ' : blank Date → row rejected',
        'x: unparseable date (expected YYYY-MM-DD (ISO)) → row rejected',
        '1965-03-01: date before 1990-01-01: a placeholder or a typo → row rejected',
        '2099-06-01: date after today: it cannot have happened yet → row rejected',
      ],
    );
    const us = fieldSql('usage_daily', 'date', { dateFormats: { date: 'us' } });
    expect(await logged(us, ['2024-06-01'])).toEqual([
      '2024-06-01: unparseable date (expected MM/DD/YYYY) → row rejected',
    ]);
    const typed = fieldSql('usage_daily', 'date', { dateFormats: { date: 'us' }, datePattern: '%d.%m.%Y' });
    expect(await logged(typed, ['06/01/2024'])).toEqual([
      '06/01/2024: unparseable date (expected the pattern %d.%m.%Y) → row rejected',
    ]);
  });

  it('sets an optional value that is unparsed or impossible to missing, keeping the row', async () => {
    // An optional renewal date ahead is no problem; one before 1990 is.
    expect(await logged(fieldSql('accounts', 'renewal_date'), ['x', '1989-12-31', '2099-01-01', ''])).toEqual([
      'x: unparseable date (expected YYYY-MM-DD (ISO)) → value set to missing',
      '1989-12-31: date before 1990-01-01: a placeholder or a typo → value set to missing',
    ]);
    expect(await logged(fieldSql('tickets', 'escalated'), ['maybe', 'yes', ''])).toEqual([
      'maybe: not a yes/no value → value set to missing',
    ]);
    expect(await logged(fieldSql('tickets', 'sentiment'), ['1.5', 'abc', '', '0'])).toEqual([
      '1.5: sentiment outside −1 … 1 → value set to missing',
      'abc: not a number → value set to missing',
    ]);
    expect(await logged(fieldSql('tickets', 'csat'), ['-1', ''])).toEqual(['-1: negative CSAT → value set to missing']);
    expect(await logged(fieldSql('overrides', 'score'), ['101'])).toEqual([
      '101: override score outside 0–100 → value set to missing',
    ]);
    expect(await logged(fieldSql('score_history', 'score', { required: false }), ['101'])).toEqual([
      '101: health score outside 0–100 → value set to missing',
    ]);
    expect(await logged(fieldSql('usage_daily', 'session_minutes'), ['-2'])).toEqual([
      '-2: negative Session minutes → value set to missing',
    ]);
  });

  it('says why a tenure is unusable, and which blank leaves the start unknown', async () => {
    expect(await logged(fieldSql('accounts', 'tenure_months'), ['1201', '2.5', '12', ''])).toEqual([
      '1201: tenure not a whole number of months from 0 to 1,200: the start date is unknown → value set to missing',
      '2.5: tenure not a whole number of months from 0 to 1,200: the start date is unknown → value set to missing',
      ': blank tenure: the start date is unknown → blank kept as missing',
    ]);
  });

  it('calls a number that does not parse not a number, whatever date pattern the file has', async () => {
    expect(await logged(fieldSql('accounts', 'mrr', { datePattern: '%d.%m.%Y' }), ['abc'])).toEqual([
      'abc: not a number → value set to missing',
    ]);
  });

  it('names a count too large apart from one negative or fractional', async () => {
    expect(await logged(fieldSql('accounts', 'seats'), ['2147483648', '-1', '3.5', '2147483647'])).toEqual([
      '2147483648: count above 2,147,483,647 → value set to missing',
      '-1: not a whole non-negative count → value set to missing',
      '3.5: not a whole non-negative count → value set to missing',
    ]);
    // A count's commas are rewritten and listed as a number's are.
    expect(await logged(fieldSql('accounts', 'seats', { style: 'thousands-comma' }), ['1,000', '12'])).toEqual([
      '1,000: thousands separators removed → value coerced',
    ]);
  });

  it('lists each value whose commas were rewritten, and how', async () => {
    const thousands = fieldSql('accounts', 'arr', { style: 'thousands-comma' });
    expect(await logged(thousands, ['12,345', ' 7 ', '-5', 'abc', ''])).toEqual([
      '12,345: thousands separators removed → value coerced',
      '-5: negative ARR → value set to missing',
      'abc: not a number → value set to missing',
      ': blank ARR → blank kept as missing',
    ]);
    const decimal = fieldSql('accounts', 'arr', { style: 'decimal-comma' });
    expect(await logged(decimal, ['1,5', '2'])).toEqual(['1,5: decimal comma read as a decimal point → value coerced']);
    // With a decimal comma, dots group thousands: 1.234 is 1234, where DuckDB's own cast reads 1.234.
    expect(await logged(decimal, ['1.234', '1.234,5', '1.5'])).toEqual([
      '1.234: dots read as thousands separators: the column writes decimals with a comma → value coerced',
      '1.234,5: decimal comma read as a decimal point → value coerced',
    ]);
  });

  it('lists a required number read through its comma as kept and rewritten; a rejected row only as rejected', async () => {
    const nps = fieldSql('nps', 'score', { style: 'decimal-comma' });
    expect(await logged(nps, ['9,5', '10,5', '7'])).toEqual([
      '9,5: decimal comma read as a decimal point → value coerced',
      '10,5: NPS score outside 0–10 → row rejected',
    ]);
  });

  it('notes the blanks of the measures a blank most likely hides, and only those', async () => {
    const noted: [EntityId, string, string][] = [
      ['usage_daily', 'active_users', 'blank Active users'],
      ['usage_daily', 'logins', 'blank Logins'],
      ['usage_daily', 'features_used', 'blank Features used'],
      ['usage_daily', 'key_actions', 'blank Key actions'],
      ['usage_daily', 'session_minutes', 'blank Session minutes'],
      ['usage_daily', 'api_calls', 'blank API calls'],
      ['invoices', 'amount', `blank ${field('invoices', 'amount').label}`],
      ['accounts', 'arr', 'blank ARR'],
      ['accounts', 'churned', 'blank Churned (flag or status)'],
      ['accounts', 'tenure_months', 'blank tenure: the start date is unknown'],
    ];
    for (const [entity, role, reason] of noted)
      expect(await logged(fieldSql(entity, role), [null, '  '])).toEqual([
        `: ${reason} → blank kept as missing`,
        `  : ${reason} → blank kept as missing`,
      ]);
    for (const [entity, role] of [
      ['usage_daily', 'trainings_completed'],
      ['accounts', 'mrr'],
      ['tickets', 'csat'],
    ] as const)
      expect(await logged(fieldSql(entity, role), [null, ''])).toEqual([]);
  });

  it('says a churn flag it cannot read is not guessed', async () => {
    expect(await logged(fieldSql('churn', 'churned', { required: true }), ['maybe', '', 'yes'])).toEqual([
      `maybe: ${FLAG_NOT_READ} → row rejected`,
      ': blank Churned (flag or status) → row rejected',
    ]);
    expect(await logged(fieldSql('accounts', 'churned'), ['maybe'])).toEqual([
      `maybe: ${FLAG_NOT_READ} → value set to missing`,
    ]);
  });

  it('rejects a row whose required id is blank; an optional text has nothing to log', async () => {
    expect(await logged(fieldSql('accounts', 'account_id'), ['', 'A-1'])).toEqual([
      ': blank Account ID → row rejected',
    ]);
    expect(await logged(fieldSql('accounts', 'name'), ['', 'Acme'])).toEqual([]);
  });
});

describe('which rows the typed pass flags for the checks', () => {
  it('flags every row with something to log and no row with nothing', async () => {
    // Required: blank, unparsed and impossible.
    expect(await flags(fieldSql('nps', 'score'), ['5', '', 'abc', '11'])).toEqual([false, true, true, true]);
    // A measure whose blanks are noted: blank too.
    expect(await flags(fieldSql('accounts', 'arr'), ['5', '', null, 'abc', '-1', '1,000'])).toEqual([
      false,
      true,
      true,
      true,
      true,
      true,
    ]);
    // Optional, blanks not noted: a blank is simply missing.
    expect(await flags(fieldSql('tickets', 'csat'), ['5', '', '  ', null, 'abc', '-1'])).toEqual([
      false,
      false,
      false,
      false,
      true,
      true,
    ]);
    expect(await flags(fieldSql('tickets', 'escalated'), ['yes', '', 'maybe'])).toEqual([false, false, true]);
    // Text: a required blank only.
    expect(await flags(fieldSql('accounts', 'name'), ['', 'Acme', null])).toEqual([false, false, false]);
    expect(await flags(fieldSql('accounts', 'account_id'), ['', 'A-1'])).toEqual([true, false]);
  });

  it('flags the values a comma or, with a decimal comma, a dot may have rewritten', async () => {
    const thousands = fieldSql('tickets', 'csat', { style: 'thousands-comma' });
    expect(await flags(thousands, ['1,000', '1.5', '4'])).toEqual([true, false, false]);
    const decimal = fieldSql('tickets', 'csat', { style: 'decimal-comma' });
    expect(await flags(decimal, ['1,5', '1.000', '4'])).toEqual([true, true, false]);
    // Read plainly, a comma makes the value unparsed, flagged as such.
    expect(await flags(fieldSql('tickets', 'csat'), ['1,000', '4'])).toEqual([true, false]);
    const seats = fieldSql('accounts', 'seats', { style: 'thousands-comma' });
    expect(await flags(seats, ['1,000', '12'])).toEqual([true, false]);
    // A required value read through its comma or dot is flagged too: the check lists it if it was rewritten.
    const score = fieldSql('score_history', 'score', { style: 'decimal-comma' });
    expect(await flags(score, ['7,5', '1.5', '101', '70'])).toEqual([true, true, true, false]);
    // A text has no number style: a comma in it is nothing to check.
    expect(await flags(fieldSql('accounts', 'name', { style: 'thousands-comma' }), ['Acme, Inc'])).toEqual([false]);
  });
});

describe('requiredHere', () => {
  const mapping = (entity: EntityId, columns: Record<string, string>): FileMapping => ({
    entity,
    columns,
    dateFormats: {},
  });
  it('requires a churn flag in a churn file only, and its date only without a flag', () => {
    const churn = mapping('churn', { account_id: 'id', churned: 'status', churn_date: 'date' });
    expect(requiredHere(churn, field('churn', 'churned'))).toBe(true);
    expect(requiredHere(churn, field('churn', 'churn_date'))).toBe(false);
    expect(requiredHere(mapping('churn', { churn_date: 'date' }), field('churn', 'churn_date'))).toBe(true);
    const accounts = mapping('accounts', { account_id: 'id', churned: 'status' });
    expect(requiredHere(accounts, field('accounts', 'churned'))).toBe(false);
    expect(requiredHere(accounts, field('accounts', 'account_id'))).toBe(true);
    expect(requiredHere(accounts, field('accounts', 'name'))).toBe(false);
  });
});
