/**
 * The app's own snapshots hold a configuration's custom signals: the renderer's client asks for the
 * frame with the definitions (a POST body over HTTP), the engine answers with one column more per
 * definition, and the normalisation preview reads the custom column too. The signal counts a Zendesk
 * export's urgent tickets opened in the 90 days ending at each snapshot date, checked against a plain
 * DuckDB count over the tickets file.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeFrame } from '../../engine/core/api/frameCodec.js';
import type { CustomSignal, ModelConfig } from '../../engine/core/api/schema.js';
import { DEFAULT_BACKTEST, DEFAULT_CONFIG } from '../../engine/core/model/defaults.js';
import { EngineService } from '../../engine/node/service.js';
import type { EngineState } from '../../engine/node/service/state.js';
import { createEngineClient, EngineCallError, transports } from '../../renderer/api/client.js';
import { csvCountByAccount } from '../support/csvCounts.js';
import { startWebHost, type WebHost } from '../support/webHost.js';
import { rowIndex, weeklyUsage, writeExports, type Row } from '../engine/fixtures.js';

const AS_OF = '2025-03-31';
const URGENT_90D: CustomSignal = {
  id: 'custom.p1_tickets_in_90_days',
  label: 'P1 tickets in 90 days',
  category: 'support',
  table: 'tickets',
  aggregation: 'count',
  where: { column: 'priority', equals: ['urgent'] },
  window: 90,
  comparison: 'value',
  direction: 'higher_is_riskier',
};

const accounts: Row[] = ['A1', 'A2', 'A3', 'A4'].map((id) => ({
  account_id: id,
  name: `Account ${id}`,
  segment: 'SMB',
  plan: 'Growth',
  signup_date: '2024-01-01',
  arr: 12000,
  seats: 10,
}));
let nextTicket = 51200;
const ticket = (account: string, opened: string, priority: string): Row => ({
  ticket_id: nextTicket++,
  account_id: account,
  opened_at: opened,
  closed_at: opened,
  priority,
  csat: null,
  escalated: priority === 'urgent',
});
const tickets: Row[] = [
  ticket('A1', '2025-02-03 10:00:00', 'normal'), // tickets, none urgent: 0
  ticket('A2', '2024-12-31 09:00:00', 'urgent'), // 90 days before the snapshot date: outside
  ticket('A2', '2025-01-01 09:00:00', 'urgent'), // 89 days before: inside
  ticket('A3', '2025-02-10 14:00:00', 'urgent'),
  ticket('A3', '2025-03-02 08:30:00', 'Urgent'), // any case
  ticket('A3', '2025-03-31 23:30:00', 'urgent'), // the snapshot date's evening: inside
  ticket('A3', '2025-04-01 00:10:00', 'urgent'), // the next day: outside
  ticket('A3', '2025-03-05 11:00:00', 'high'),
  // A4 has no tickets at all.
];

const TOKEN = 'custom-frame-key';
let host: WebHost;
let base: string;
let dir: string;
let service: EngineService;
const client = () => createEngineClient(transports.httpTransport(base, TOKEN));

/** Urgent tickets opened in the 90 days ending at AS_OF, per account, counted by DuckDB straight from the file. */
const urgentCounts = () =>
  csvCountByAccount(
    join(dir, 'tickets.csv'),
    `lower(trim(priority)) = 'urgent' AND opened_at::DATE > DATE '${AS_OF}' - 90 AND opened_at::DATE <= DATE '${AS_OF}'`,
  );

beforeAll(async () => {
  dir = writeExports({
    accounts,
    usage_events: accounts.flatMap((a) => weeklyUsage(String(a.account_id), '2024-01-01', 66, () => 5)),
    tickets,
  });
  host = await startWebHost(dir, TOKEN);
  ({ service, base } = host);
}, 60_000);
afterAll(() => host?.close());

describe('custom signals in the frame the app scores on', () => {
  it("the client's frame request carries the definitions: one column more, holding DuckDB's counts", async () => {
    const counts = await urgentCounts();
    expect(Object.fromEntries(counts)).toEqual({ A1: 0, A2: 1, A3: 3 });
    const plain = decodeFrame(await client().getSnapshotFrame('monthly'));
    const frame = decodeFrame(await client().getSnapshotFrame('monthly', undefined, undefined, [URGENT_90D]));
    expect(plain.meta.signals).not.toContain(URGENT_90D.id);
    expect(frame.meta.signals).toEqual([...plain.meta.signals, URGENT_90D.id]);
    const col = frame.values[URGENT_90D.id]!;
    for (const a of ['A1', 'A2', 'A3']) expect(col[rowIndex(frame, a, AS_OF)], a).toBe(counts.get(a));
    // No ticket known by then at all: unavailable, not 0.
    expect(col[rowIndex(frame, 'A4', AS_OF)]).toBeNaN();
    // The built-in columns are the plain frame's.
    expect(Array.from(frame.values.logins_trend)).toEqual(Array.from(plain.values.logins_trend));
  });

  it('a definition the schema refuses is an error naming its field, as in a configuration', async () => {
    const bad = { ...URGENT_90D, aggregation: 'sum', column: 'priority' } as unknown as CustomSignal;
    const err = await client()
      .getSnapshotFrame('monthly', undefined, undefined, [bad])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineCallError);
    expect((err as EngineCallError).issues).toContainEqual({
      path: 'customSignals.0.aggregation',
      message: 'sum reads number columns; tickets.priority is category',
    });
  });

  it('POST /api/frame takes the whole request as a JSON object, and refuses anything else', async () => {
    const post = (body: string) =>
      fetch(`${base}api/frame`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body,
      });
    const ok = await post(JSON.stringify({ cadence: 'monthly', customSignals: [URGENT_90D] }));
    expect(ok.status).toBe(200);
    expect(decodeFrame(await ok.arrayBuffer()).meta.signals).toContain(URGENT_90D.id);
    expect((await post('[1]')).status).toBe(400);
    const hourly = await post(JSON.stringify({ cadence: 'hourly' }));
    expect(hourly.status).toBe(400);
    expect(JSON.stringify(await hourly.json())).toContain('unknown cadence \\"hourly\\"');
  });

  it('the preview reads a custom signal from the frame holding its definition, and asks for it when missing', async () => {
    const counts = await urgentCounts();
    const dist = await client().signalDistribution({
      signal: URGENT_90D.id,
      asOf: AS_OF,
      cadence: 'monthly',
      customSignals: [URGENT_90D],
    });
    // Three accounts with a value (0, 1 and 3 urgent tickets), A4 without.
    expect({ total: dist.total, missing: dist.missing }).toEqual({ total: 4, missing: 1 });
    // Worked by hand: bins span the 1st to 99th percentile of [0, 1, 3], i.e. 0 to 1, in 30; 3 is counted in the end bin.
    expect(dist.bins).toHaveLength(30);
    expect([dist.bins[0]!.from, dist.bins.at(-1)!.to]).toEqual([0, 1]);
    expect(dist.bins.map((b) => b.count)).toEqual([1, ...new Array<number>(28).fill(0), 2]);
    expect(dist.bins.reduce((t, b) => t + b.count, 0)).toBe(counts.size);

    const missing = await client()
      .signalDistribution({ signal: URGENT_90D.id, asOf: AS_OF, cadence: 'monthly' })
      .catch((e: unknown) => e);
    expect((missing as Error).message).toContain(
      'signal "custom.p1_tickets_in_90_days" is not defined: send its definition in customSignals',
    );
  });

  it("an account's row lists each signal's value and score, the custom one's value DuckDB's count; insight judges it", async () => {
    const counts = await urgentCounts();
    const config: ModelConfig = {
      ...DEFAULT_CONFIG,
      customSignals: [URGENT_90D],
      categories: DEFAULT_CONFIG.categories.map((c) =>
        c.id === 'support'
          ? {
              ...c,
              signals: [
                ...c.signals,
                { signal: URGENT_90D.id, weight: 1, normalisation: { kind: 'linear', worst: 3, best: 0 } },
              ],
            }
          : c,
      ),
    };
    const listed = await client().listAccounts({
      config,
      backtest: DEFAULT_BACKTEST,
      asOf: AS_OF,
      sort: 'score-asc',
      tierId: null,
      search: '',
      offset: 0,
      limit: 50,
    });
    const byAccount = new Map(listed.rows.map((r) => [r.accountId, r.signals.find((x) => x.signal === URGENT_90D.id)]));
    for (const a of ['A1', 'A2', 'A3']) {
      const n = counts.get(a)!;
      // Linear from 3 (scores 0) to 0 (scores 100), worked by hand.
      const row = byAccount.get(a)!;
      expect(row, a).toMatchObject({
        signal: URGENT_90D.id,
        label: 'P1 tickets in 90 days',
        categoryId: 'support',
        value: n,
      });
      expect(row.score, a).toBeCloseTo((100 * (3 - n)) / 3, 9);
    }
    expect(byAccount.get('A4')).toMatchObject({ value: null, score: null });
    // Built-ins are listed by their catalogue label.
    expect(listed.rows[0]!.signals.find((x) => x.signal === 'csat_last5')?.label).toBe('CSAT, last 5 rated tickets');

    const insight = await client().insight({ config, backtest: DEFAULT_BACKTEST });
    const mine = insight.signals.find((x) => x.id === URGENT_90D.id);
    expect(mine).toMatchObject({ label: 'P1 tickets in 90 days', category: 'support' });
    expect(mine!.coverage).toBeGreaterThan(0);
    expect(insight.signals.filter((x) => x.id.startsWith('custom.'))).toHaveLength(1);
  });

  it('a new label, category or direction reuses the frame with the custom column; another window builds one', async () => {
    const data = await (service as unknown as { state: EngineState }).state.loaded();
    const frameAt = vi.spyOn(data, 'frameAt');
    try {
      const ask = (s: CustomSignal) => client().getSnapshotFrame('monthly', undefined, undefined, [s]);
      await ask(URGENT_90D);
      await ask({ ...URGENT_90D, label: 'Urgent tickets', category: 'growth', direction: 'higher_is_healthier' });
      await ask({ ...URGENT_90D, window: 30 });
      const [first, relabelled, other] = await Promise.all(frameAt.mock.results.map((r) => r.value));
      expect(relabelled).toBe(first);
      expect(other).not.toBe(first);
    } finally {
      frameAt.mockRestore();
    }
  });
});
