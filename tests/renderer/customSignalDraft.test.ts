import { describe, expect, it } from 'vitest';
import { CustomSignalIdSchema, type CustomSignal } from '../../engine/core/api/schema.js';
import {
  aggregationsFor,
  checkDraft,
  customIdFor,
  describeCustomSignal,
  emptyDraft,
  filterColumns,
  measurableColumns,
  startingNormalisation,
  type CustomSignalDraft,
} from '../../renderer/components/category/customSignalDraft.js';

const P1: CustomSignal = {
  id: 'custom.p1_tickets_in_90_days',
  label: 'P1 tickets in 90 days',
  category: 'support',
  table: 'tickets',
  aggregation: 'count',
  where: { column: 'priority', equals: ['P1'] },
  window: 90,
  comparison: 'per_seat',
  direction: 'higher_is_riskier',
};
const draft = (over: Partial<CustomSignalDraft>): CustomSignalDraft => ({
  ...emptyDraft('support'),
  label: 'P1 tickets in 90 days',
  ...over,
});

describe('the id a label gives', () => {
  it('is the label in lower case with words joined by _, after custom.', () => {
    expect(customIdFor('P1 tickets in 90 days', [])).toBe('custom.p1_tickets_in_90_days');
    expect(customIdFor('  Über-Nutzung (API)  ', [])).toBe('custom.uber_nutzung_api');
  });
  it('starts with a letter, and a label with no letters or digits still gives one', () => {
    expect(customIdFor('90-day escalations', [])).toBe('custom.signal_90_day_escalations');
    expect(customIdFor('!!!', [])).toBe('custom.signal');
    expect(customIdFor('', [])).toBe('custom.signal');
  });
  it('stays unique: _2, _3 after ids already taken', () => {
    const taken = ['custom.p1_tickets_in_90_days', 'custom.p1_tickets_in_90_days_2'];
    expect(customIdFor('P1 tickets in 90 days', taken.slice(0, 1))).toBe('custom.p1_tickets_in_90_days_2');
    expect(customIdFor('P1 tickets in 90 days', taken)).toBe('custom.p1_tickets_in_90_days_3');
  });
  it('keeps within 40 characters after custom., cut after a whole word, the suffix included; always a valid id', () => {
    const long = 'Tickets opened by the customer success team in the last quarter of the year';
    const first = customIdFor(long, []);
    expect(first).toBe('custom.tickets_opened_by_the_customer_success');
    expect(first.length - 'custom.'.length).toBeLessThanOrEqual(40);
    const second = customIdFor(long, [first]);
    expect(second).toBe('custom.tickets_opened_by_the_customer_success_2');
    expect(second.length - 'custom.'.length).toBe(40);
    expect(customIdFor('a'.repeat(39) + ' b', [])).toBe(`custom.${'a'.repeat(39)}`);
    // One word longer than the room is cut where the room ends.
    expect(customIdFor('x'.repeat(50), [])).toBe(`custom.${'x'.repeat(40)}`);
    expect(customIdFor('x'.repeat(50), [`custom.${'x'.repeat(40)}`])).toBe(`custom.${'x'.repeat(38)}_2`);
    for (const id of [first, second, customIdFor('!!!', []), customIdFor('9', []), customIdFor('x'.repeat(50), [])])
      expect(CustomSignalIdSchema.safeParse(id).success, id).toBe(true);
  });
});

describe('what the form offers', () => {
  const offered = (table: Parameters<typeof aggregationsFor>[0], column: string) =>
    aggregationsFor(table, column).map((a) => a.value);
  it('the rows themselves can only be counted', () => {
    expect(offered('tickets', '')).toEqual(['count']);
  });
  it("a column's kind decides the aggregations: numbers every one but share true, flags share and last", () => {
    expect(offered('tickets', 'csat')).toEqual(['sum', 'count', 'distinct_count', 'mean', 'min', 'max', 'last']);
    expect(offered('tickets', 'escalated')).toEqual(['count', 'distinct_count', 'last', 'share_true']);
    expect(offered('tickets', 'priority')).toEqual(['count', 'distinct_count']);
    expect(offered('tickets', 'ticket_id')).toEqual(['count', 'distinct_count']);
    expect(offered('subscriptions', 'trial')).toEqual(['count', 'distinct_count', 'last', 'share_true']);
  });
  it('a column the table does not have offers nothing', () => {
    expect(offered('tickets', 'status')).toEqual([]);
  });
  it('a filter tests a category or a yes/no column only', () => {
    expect(filterColumns('tickets').map((c) => [c.value, c.kind])).toEqual([
      ['priority', 'category'],
      ['escalated', 'boolean'],
    ]);
    expect(filterColumns('invoices')).toEqual([]);
  });
});

describe('the one-line sentence', () => {
  it('reads an accounts column as the account’s own value, as exported, with no window', () => {
    const extras = { accounts: { x_payment_method: 'category', x_total_charges: 'number' } } as const;
    const check: CustomSignal = {
      ...P1,
      table: 'accounts',
      column: undefined,
      aggregation: 'count',
      where: { column: 'x_payment_method', equals: ['Electronic check'] },
      window: 'since_start',
      comparison: 'value',
    };
    expect(describeCustomSignal(check, extras)).toBe(
      "1 when the account's payment_method is Electronic check, else 0, as exported",
    );
    const charges: CustomSignal = { ...check, column: 'x_total_charges', aggregation: 'last', where: undefined };
    expect(describeCustomSignal(charges, extras)).toBe("The account's total_charges, as exported");
    expect(describeCustomSignal({ ...charges, comparison: 'per_seat' }, extras)).toBe(
      "The account's total_charges, as exported, per seat",
    );
    const yesNo = { accounts: { x_paperless: 'boolean', x_total_charges: 'number' } } as const;
    expect(describeCustomSignal({ ...charges, where: { column: 'x_paperless', is: false } }, yesNo)).toBe(
      "The account's total_charges when its paperless is no, as exported",
    );
    expect(
      describeCustomSignal(
        { ...check, where: { column: 'x_payment_method', equals: ['Mailed check', 'Bank transfer'] } },
        extras,
      ),
    ).toBe("1 when the account's payment_method is Mailed check or Bank transfer, else 0, as exported");
  });
  it('reads the way a CSM would say it', () => {
    expect(describeCustomSignal(P1)).toBe('Count of tickets with priority P1 in the last 90 days, per seat');
    expect(
      describeCustomSignal({ ...P1, where: { column: 'priority', equals: ['P1', 'P2'] }, comparison: 'value' }),
    ).toBe('Count of tickets with priority P1 or P2 in the last 90 days');
  });
  it('names the column, the filter, the window and the comparison', () => {
    const usage: CustomSignal = {
      ...P1,
      table: 'usage_events',
      column: 'api_calls',
      aggregation: 'sum',
      where: undefined,
      window: 30,
      comparison: 'trend',
    };
    expect(describeCustomSignal(usage)).toBe(
      'Total api calls of usage rows in the last 30 days, divided by the same over the 30 days before',
    );
    expect(describeCustomSignal({ ...usage, comparison: 'last_year' })).toBe(
      'Total api calls of usage rows in the last 30 days, divided by the same 30 days a year earlier',
    );
    expect(
      describeCustomSignal({
        ...P1,
        aggregation: 'share_true',
        column: 'escalated',
        where: undefined,
        comparison: 'value',
        window: 'since_start',
      }),
    ).toBe('Share of tickets with escalated yes since the first record');
    expect(
      describeCustomSignal({ ...P1, column: 'csat', aggregation: 'mean', where: { column: 'escalated', is: false } }),
    ).toBe('Average csat of tickets where escalated is no in the last 90 days, per seat');
    expect(describeCustomSignal({ ...P1, table: 'nps', where: undefined, comparison: 'per_active_user' })).toBe(
      'Count of NPS answers in the last 90 days, per active user',
    );
  });
});

describe("the form's fields, checked by the configuration's schema", () => {
  it('a complete form gives the definition, its id derived from the label and unique', () => {
    const r = checkDraft(draft({ whereColumn: 'priority', whereValues: ' urgent, high ,' }), [
      'custom.p1_tickets_in_90_days',
    ]);
    expect(r).toEqual({
      ok: true,
      signal: {
        id: 'custom.p1_tickets_in_90_days_2',
        label: 'P1 tickets in 90 days',
        category: 'support',
        table: 'tickets',
        aggregation: 'count',
        where: { column: 'priority', equals: ['urgent', 'high'] },
        window: 90,
        comparison: 'value',
        direction: 'higher_is_riskier',
      },
    });
  });
  it('a model category outside the catalogue files the definition under its table', () => {
    const r = checkDraft(draft({ category: 'c_voice_of_customer', table: 'nps' }), []);
    expect(r.ok && r.signal.category).toBe('engagement');
  });
  it('says in plain words what is missing or wrong, on the field it belongs to', () => {
    expect(checkDraft(draft({ label: '  ' }), [])).toEqual({
      ok: false,
      errors: { label: 'Give the signal a name, such as "P1 tickets in 90 days".' },
    });
    expect(checkDraft(draft({ whereColumn: 'priority', whereValues: ' , ' }), [])).toEqual({
      ok: false,
      errors: { where: 'List at least one value to keep, such as urgent.' },
    });
    expect(checkDraft(draft({ window: 400 }), [])).toEqual({
      ok: false,
      errors: { window: 'The window is a whole number of days from 7 to 365.' },
    });
    // The schema's own sentence when it is already plain.
    expect(checkDraft(draft({ window: 'since_start', comparison: 'trend' }), [])).toEqual({
      ok: false,
      errors: { comparison: 'Trend compares two windows of a set length; give window a number of days.' },
    });
    expect(checkDraft(draft({ column: 'priority', aggregation: 'sum' }), [])).toEqual({
      ok: false,
      errors: { aggregation: 'Sum reads number columns; tickets.priority is category.' },
    });
  });
});

describe('the normalisation a new signal starts with', () => {
  it('follows the direction: a ratio like the built-in trends, any other value ranked within its segment', () => {
    expect(startingNormalisation({ comparison: 'value', direction: 'higher_is_riskier' })).toEqual({
      kind: 'percentile',
      higherIsBetter: false,
      within: 'segment',
    });
    expect(startingNormalisation({ comparison: 'per_seat', direction: 'higher_is_healthier' })).toEqual({
      kind: 'percentile',
      higherIsBetter: true,
      within: 'segment',
    });
    expect(startingNormalisation({ comparison: 'trend', direction: 'higher_is_healthier' })).toEqual({
      kind: 'linear',
      worst: 0.7,
      best: 1.05,
    });
    expect(startingNormalisation({ comparison: 'last_year', direction: 'higher_is_riskier' })).toEqual({
      kind: 'linear',
      worst: 3,
      best: 1,
    });
  });
});

describe('the columns an import kept (extra columns)', () => {
  const extras = { usage_events: { x_duration_ms: 'number', x_plan_tier: 'category' } } as const;

  it('are offered after the fixed columns of their table only, named without the x_ prefix', () => {
    const offered = measurableColumns('usage_events', extras);
    expect(offered.slice(-2)).toEqual([
      { value: 'x_duration_ms', label: 'duration_ms (kept column)', kind: 'number' },
      { value: 'x_plan_tier', label: 'plan_tier (kept column)', kind: 'category' },
    ]);
    expect(measurableColumns('tickets', extras).some((c) => c.value.startsWith('x_'))).toBe(false);
    expect(measurableColumns('usage_events').some((c) => c.value.startsWith('x_'))).toBe(false);
  });

  it('take the aggregations and filters of their kind', () => {
    expect(aggregationsFor('usage_events', 'x_duration_ms', extras).map((a) => a.value)).toEqual(
      expect.arrayContaining(['sum', 'mean', 'min', 'max']),
    );
    expect(aggregationsFor('usage_events', 'x_plan_tier', extras).map((a) => a.value)).toEqual([
      'count',
      'distinct_count',
    ]);
    // Without the dataset's extras the column is unknown: nothing to offer.
    expect(aggregationsFor('usage_events', 'x_plan_tier')).toEqual([]);
    expect(filterColumns('usage_events', extras).map((c) => c.value)).toEqual(['x_plan_tier']);
  });

  it('give a definition that reads by the kept name', () => {
    const check = checkDraft(
      draft({
        label: 'Enterprise session time',
        table: 'usage_events',
        column: 'x_duration_ms',
        aggregation: 'sum',
        whereColumn: 'x_plan_tier',
        whereValues: 'Enterprise',
        window: 30,
      }),
      [],
      extras,
    );
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.signal.where).toEqual({ column: 'x_plan_tier', equals: ['Enterprise'] });
    expect(describeCustomSignal(check.signal, extras)).toMatch(
      /^Total duration_ms of usage rows with plan_tier Enterprise in the last 30 days/,
    );
  });
});
