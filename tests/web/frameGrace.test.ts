/**
 * The subscription grace period reaches the engine from the app: the frame route's
 * `graceDays` query (HTTP) builds the snapshots with it, and the exported SQL uses it.
 * Account G renews 20 days after its subscription ended: one episode under 30 days
 * of grace, churn on 2024-09-30 under 10 (worked by hand, as in the episodes spec).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFrame } from '../../engine/core/api/frameCodec.js';
import { DEFAULT_CONFIG } from '../../engine/core/model/defaults.js';
import { startWebHost, type WebHost } from '../support/webHost.js';
import { createEngineClient, transports } from '../../renderer/api/client.js';
import { rowIndex, weeklyUsage, writeExports, type Row } from '../engine/fixtures.js';

const accounts: Row[] = [
  {
    account_id: 'G',
    name: 'Late renewal',
    segment: 'SMB',
    plan: 'Starter',
    signup_date: '2023-01-01',
    arr: 1,
    seats: 5,
  },
  { account_id: 'S', name: 'Steady', segment: 'SMB', plan: 'Starter', signup_date: '2023-01-01', arr: 1, seats: 5 },
];
const SUBS = [
  'subscription_id,account_id,start_date,end_date,status,plan,seats,mrr,arr,trial,auto_renew,billing_period',
  'sub_g1,G,2023-01-01,2024-09-30,canceled,Starter,5,100,,false,false,month',
  'sub_g2,G,2024-10-20,,active,Starter,5,100,,false,true,month',
  'sub_s1,S,2023-01-01,,active,Starter,5,100,,false,true,month',
];

const TOKEN = 'grace-test-key';
let host: WebHost;
let base: string;
const get = (path: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
const post = (method: string, body: unknown) =>
  fetch(`${base}api/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  const dir = writeExports({
    accounts,
    churn: [],
    usage_events: accounts.flatMap((a) => weeklyUsage(String(a.account_id), '2024-01-01', 78, () => 5)),
  });
  writeFileSync(join(dir, 'subscriptions.csv'), SUBS.join('\n') + '\n');
  host = await startWebHost(dir, TOKEN);
  ({ base } = host);
}, 60_000);
afterAll(() => host?.close());

const frameAt = async (query: string) => {
  const res = await get(`api/frame${query}`);
  expect(res.status).toBe(200);
  return decodeFrame(await res.arrayBuffer());
};

describe('the grace period from the app', () => {
  it('GET /api/frame?graceDays=10 builds the snapshots with it: a renewal 20 days late becomes churn', async () => {
    const f30 = await frameAt('?cadence=monthly');
    const f10 = await frameAt('?cadence=monthly&graceDays=10');
    expect(f30.daysToChurn[rowIndex(f30, 'G', '2024-08-31')]).toBeNaN();
    expect(f10.daysToChurn[rowIndex(f10, 'G', '2024-08-31')]).toBe(30); // the subscription ended 2024-09-30
    // The steady account is the same under either.
    expect(f10.daysToChurn[rowIndex(f10, 'S', '2024-08-31')]).toBeNaN();
    // 30 is the default: asking for it gives the default's frame.
    const asked30 = await frameAt('?graceDays=30');
    expect(Array.from(asked30.daysToChurn)).toEqual(Array.from(f30.daysToChurn));
  });

  it("the app's client asks for the frame at the backtest's grace period", async () => {
    const client = createEngineClient(transports.httpTransport(base, TOKEN));
    const f10 = decodeFrame(await client.getSnapshotFrame('monthly', undefined, 10));
    expect(f10.daysToChurn[rowIndex(f10, 'G', '2024-08-31')]).toBe(30);
    const f = decodeFrame(await client.getSnapshotFrame('monthly'));
    expect(f.daysToChurn[rowIndex(f, 'G', '2024-08-31')]).toBeNaN();
  });

  it('refuses a grace period that is not a whole number of days from 0 to 365, naming it', async () => {
    for (const bad of ['abc', '-1', '400', '1.5']) {
      const res = await get(`api/frame?graceDays=${bad}`);
      expect(res.status, bad).toBe(400);
      expect(JSON.stringify(await res.json()), bad).toContain('graceDays must be a whole number of days from 0 to 365');
    }
  });

  it('exportSql writes the episodes with the grace period asked for', async () => {
    const at = async (body: object) =>
      ((await (await post('exportSql', { config: DEFAULT_CONFIG, ...body })).json()) as { sql: string }).sql;
    expect(await at({ graceDays: 10 })).toContain('gaps of up to 10 days are one episode');
    expect(await at({})).toContain('gaps of up to 30 days are one episode');
  });
});
