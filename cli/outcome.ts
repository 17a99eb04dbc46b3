/**
 * A backtest needs outcomes: with no churn (or renewal) rows it would report
 * no churner at all, which reads like a perfect model. Say what to map instead.
 */
import type { Database } from '../engine/node/data/duckdb.js';

export async function missingOutcome(db: Database, outcome: 'churn' | 'renewal'): Promise<string | null> {
  const table = outcome === 'churn' ? 'churn' : 'renewals';
  const r = await db.conn.runAndReadAll(`SELECT count(*)::BIGINT FROM ${table}`);
  if (Number(r.getColumns()[0]![0]) > 0) return null;
  return outcome === 'churn'
    ? 'No churn outcomes were loaded, so there is nothing to backtest against: add the churn export ' +
        '(one row per churned account with its Account ID and Churn date) to --data, or map a file to Churn outcomes.'
    : 'No renewal outcomes were loaded, so --outcome renewal has nothing to backtest against: add the renewals export ' +
        '(Account ID, Renewal date, renewed yes/no) to --data, or map a file to Renewals.';
}
