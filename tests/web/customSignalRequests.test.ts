/**
 * A configuration with a custom signal works in the app's engine requests (over HTTP): evaluate,
 * approve, listAccounts, compare and insight build their snapshots with the configuration's
 * custom signals, and a configuration without any reuses the frame built at load.
 * The signal counts Zendesk tickets opened in the 90 days ending at the snapshot date; its score
 * is 100 − 10 × count, checked against a plain DuckDB count over the tickets file.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type {
  AccountsResponse,
  ApprovedConfig,
  CustomSignal,
  EvaluationResult,
  ModelConfig,
} from '../../engine/core/api/schema.js';
import { DEFAULT_BACKTEST, DEFAULT_CONFIG } from '../../engine/core/model/defaults.js';
import { EngineService } from '../../engine/node/service.js';
import type { EngineState } from '../../engine/node/service/state.js';
import { csvCountByAccount } from '../support/csvCounts.js';
import { startWebHost, type WebHost } from '../support/webHost.js';
import { weeklyUsage, writeExports, type Row } from '../engine/fixtures.js';

const AS_OF = '2025-03-31';
const TICKETS_90D = {
  id: 'custom.tickets_90d',
  label: 'Tickets in the last 90 days',
  category: 'support',
  table: 'tickets',
  aggregation: 'count',
  window: 90,
  comparison: 'value',
  direction: 'higher_is_riskier',
} as const;
/** Scored on that signal alone: no ticket 100, each ticket 10 points off. */
const TICKET_CONFIG: ModelConfig = {
  ...DEFAULT_CONFIG,
  name: 'Tickets only',
  variants: undefined,
  customSignals: [TICKETS_90D],
  categories: [
    {
      id: 'support',
      name: 'Support',
      weight: 100,
      signals: [{ signal: 'custom.tickets_90d', weight: 1, normalisation: { kind: 'linear', worst: 10, best: 0 } }],
    },
  ],
};

const accounts: Row[] = ['A1', 'A2', 'A3', 'A4', 'A5'].map((id) => ({
  account_id: id,
  name: `Account ${id}`,
  segment: 'SMB',
  plan: 'Growth',
  signup_date: '2024-01-01',
  arr: 12000,
  seats: 10,
}));
let nextTicket = 40100;
const ticket = (account: string, opened: string): Row => ({
  ticket_id: nextTicket++,
  account_id: account,
  opened_at: opened,
  closed_at: opened,
  priority: 'normal',
  csat: null,
  escalated: false,
});
const tickets: Row[] = [
  ticket('A1', '2024-06-03 10:00:00'), // long before the window: A1 counts 0
  ticket('A2', '2024-12-31 09:00:00'), // 90 days before: just outside
  ticket('A2', '2025-01-01 09:00:00'), // 89 days before: inside
  ticket('A3', '2025-02-10 14:00:00'),
  ticket('A3', '2025-03-02 08:30:00'),
  ticket('A3', '2025-03-31 23:30:00'), // the snapshot date's evening: inside
  ticket('A3', '2025-04-01 00:10:00'), // the next day: outside
  ...['2025-01-06', '2025-01-20', '2025-02-03', '2025-02-17', '2025-03-10'].map((d) => ticket('A4', `${d} 11:00:00`)),
  ...['2024-08-05', '2024-08-19', '2024-09-02', '2024-09-16'].map((d) => ticket('A5', `${d} 11:00:00`)),
];

const TOKEN = 'custom-signal-key';
let host: WebHost;
let base: string;
let dir: string;
let service: EngineService;
const post = async (method: string, body: unknown): Promise<{ status: number; body: unknown }> => {
  const res = await fetch(`${base}api/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
};
const ok = async <T>(method: string, body: unknown): Promise<T> => {
  const res = await post(method, body);
  expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
  return res.body as T;
};

/** Tickets opened in the 90 days ending at AS_OF, per account, counted by DuckDB straight from the file. */
const ticketCounts = () =>
  csvCountByAccount(
    join(dir, 'tickets.csv'),
    `opened_at::DATE > DATE '${AS_OF}' - 90 AND opened_at::DATE <= DATE '${AS_OF}'`,
  );

beforeAll(async () => {
  dir = writeExports({
    accounts,
    usage_events: accounts.flatMap((a) => weeklyUsage(String(a.account_id), '2024-01-01', 66, () => 5)),
    tickets,
    churn: [{ account_id: 'A5', churn_date: '2024-10-15', reason: 'Support experience' }],
  });
  host = await startWebHost(dir, TOKEN);
  ({ service, base } = host);
}, 60_000);
afterAll(() => host?.close());

describe('custom signals in engine requests', () => {
  it('the fixture is what the counts assume', async () => {
    const counts = await ticketCounts();
    expect(Object.fromEntries(counts)).toEqual({ A1: 0, A2: 1, A3: 3, A4: 5, A5: 0 });
    const meta = await ok<{ periods: string[] }>('getDataset', {});
    expect(meta.periods).toContain(AS_OF);
  });

  it('evaluate scores each account on the custom signal: 100 − 10 × its DuckDB ticket count', async () => {
    const counts = await ticketCounts();
    const result = await ok<EvaluationResult>('evaluate', {
      config: TICKET_CONFIG,
      backtest: DEFAULT_BACKTEST,
      asOf: AS_OF,
    });
    // A5 churned in October: four accounts at the snapshot date, one per score.
    const expected = new Array<number>(101).fill(0);
    for (const a of ['A1', 'A2', 'A3', 'A4']) expected[100 - 10 * counts.get(a)!]!++;
    expect(result.portfolio.histogram).toEqual(expected);

    const listed = await ok<AccountsResponse>('listAccounts', {
      config: TICKET_CONFIG,
      backtest: DEFAULT_BACKTEST,
      asOf: AS_OF,
      sort: 'score-asc',
      tierId: null,
      search: '',
      offset: 0,
      limit: 50,
    });
    expect(listed.rows.map((r) => r.accountId)).toEqual(['A4', 'A3', 'A2', 'A1']);
    for (const r of listed.rows) expect(r.score, r.accountId).toBeCloseTo(100 - 10 * counts.get(r.accountId)!, 9);
  });

  it('approveConfig records the verdict on the custom signal, the same as evaluate at the latest date', async () => {
    const meta = await ok<{ periods: string[] }>('getDataset', {});
    const evaluated = await ok<EvaluationResult>('evaluate', {
      config: TICKET_CONFIG,
      backtest: DEFAULT_BACKTEST,
      asOf: meta.periods.at(-1),
    });
    const approved = await ok<ApprovedConfig>('approveConfig', {
      config: TICKET_CONFIG,
      backtest: DEFAULT_BACKTEST,
      approver: 'Dana (CS Ops)',
      note: 'Ticket load only',
      acknowledgeSerious: true,
    });
    expect(approved.configuration.customSignals).toEqual([TICKETS_90D]);
    expect(approved.metrics.evaluated).toBe(evaluated.backtest.evaluated);
    expect(approved.metrics.tierChurnRates.map((t) => [t.tierId, t.count])).toEqual(
      evaluated.backtest.tiers.map((t) => [t.tierId, t.count]),
    );
  });

  it('compareScenarios and insight take the custom signal too; one id defined two ways is refused, naming both', async () => {
    const scenarios = [
      { name: 'Default', config: DEFAULT_CONFIG, backtest: DEFAULT_BACKTEST },
      { name: 'Tickets', config: TICKET_CONFIG, backtest: DEFAULT_BACKTEST },
    ];
    await ok('compareScenarios', { scenarios, asOf: AS_OF });
    await ok('insight', { config: TICKET_CONFIG, backtest: DEFAULT_BACKTEST });
    // Another label (or category) for the same column is not a clash.
    const relabelled: ModelConfig = { ...TICKET_CONFIG, customSignals: [{ ...TICKETS_90D, label: 'Recent tickets' }] };
    await ok('compareScenarios', {
      scenarios: [...scenarios, { name: 'Relabelled', config: relabelled, backtest: DEFAULT_BACKTEST }],
      asOf: AS_OF,
    });

    const redefined: ModelConfig = { ...TICKET_CONFIG, customSignals: [{ ...TICKETS_90D, window: 30 }] };
    const clash = await post('compareScenarios', {
      scenarios: [...scenarios, { name: 'Tickets 30d', config: redefined, backtest: DEFAULT_BACKTEST }],
      asOf: AS_OF,
    });
    expect(clash.status).toBe(400);
    const text = JSON.stringify(clash.body);
    expect(text).toContain('custom signal \\"custom.tickets_90d\\" is defined differently in two scenarios');
    expect(text).toContain('scenarios.2.config.customSignals.0');
    expect(text).toContain('scenarios.1.config.customSignals.0');
  });

  it('suggestWeights and fitScorecard read the custom signal instead of failing on it', async () => {
    const suggested = await post('suggestWeights', { config: TICKET_CONFIG, backtest: DEFAULT_BACKTEST });
    const fitted = await post('fitScorecard', { config: TICKET_CONFIG, backtest: DEFAULT_BACKTEST });
    for (const res of [suggested, fitted]) expect(JSON.stringify(res.body)).not.toContain('not in these snapshots');
    // One category holding the custom signal alone keeps all the weight.
    expect(suggested.status).toBe(200);
    expect(suggested.body).toMatchObject({ categories: ['support'], weights: [100] });
    // A5 churned on 15 October: its month-ends of 31 July, 31 August and 30 September fall within the 90-day
    // horizon, three churned snapshots, too few to fit on, and said so.
    expect(fitted.status).toBe(200);
    expect(fitted.body).toMatchObject({ status: 'too-few-churners', churners: 3 });
  });

  it('a configuration without custom signals reuses the frame built at load, and one with them is built once', async () => {
    const state = (service as unknown as { state: EngineState }).state;
    const data = await state.loaded();
    const frameAt = vi.spyOn(data, 'frameAt');
    try {
      await ok('evaluate', { config: DEFAULT_CONFIG, backtest: DEFAULT_BACKTEST, asOf: AS_OF });
      expect(frameAt).toHaveBeenCalledTimes(1);
      expect(frameAt.mock.calls[0]).toEqual(['monthly', undefined, []]);
      expect(await frameAt.mock.results[0]!.value).toBe(data.frame);

      await ok('evaluate', { config: TICKET_CONFIG, backtest: DEFAULT_BACKTEST, asOf: AS_OF });
      await ok('insight', { config: TICKET_CONFIG, backtest: DEFAULT_BACKTEST });
      const [withCustom, again] = [await frameAt.mock.results[1]!.value, await frameAt.mock.results[2]!.value];
      expect(withCustom).toBe(again);
      expect(withCustom).not.toBe(data.frame);

      // The same two definitions in either order are one set: the second request reuses the first's frame.
      const other: CustomSignal = {
        ...TICKETS_90D,
        id: 'custom.tickets_30d',
        label: 'Tickets in the last 30 days',
        window: 30,
      };
      const both = (signals: CustomSignal[]): ModelConfig => ({ ...TICKET_CONFIG, customSignals: signals });
      await ok('insight', { config: both([TICKETS_90D, other]), backtest: DEFAULT_BACKTEST });
      await ok('insight', { config: both([other, TICKETS_90D]), backtest: DEFAULT_BACKTEST });
      expect(await frameAt.mock.results[4]!.value).toBe(await frameAt.mock.results[3]!.value);
      expect(await frameAt.mock.results[3]!.value).not.toBe(withCustom);
    } finally {
      frameAt.mockRestore();
    }
  });
});
