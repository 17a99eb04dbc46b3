/**
 * The parent account column of an accounts export (Salesforce's Parent Account ID,
 * HubSpot's parent company): a parent must be one of the loaded accounts. One that
 * is not, or an account named as its own parent, is logged and left missing.
 */
import type { Database } from '../data/duckdb.js';
import { issue, rejectedOrds, type Typed } from './typeFile.js';

const ROLE = 'parent_account_id';

/** After the accounts are inserted: log and clear every parent that is not a loaded account. */
export async function checkParentAccounts(db: Database, accounts: readonly Typed[]): Promise<void> {
  const withParent = accounts.filter((t) => t.fields.some((f) => f.role === ROLE));
  if (withParent.length === 0) return;
  for (const t of withParent) {
    const p = `"${ROLE}"`;
    await issue(
      db,
      t,
      t.input.mapping.columns[ROLE]!,
      p,
      `CASE WHEN ${p} = account_id THEN 'an account cannot be its own parent' ELSE 'parent account id not among the accounts’ ids: check the id, or add the parent to the accounts export' END`,
      'value set to missing',
      `${p} IS NOT NULL AND (${p} = account_id OR ${p} NOT IN (SELECT account_id FROM accounts)) AND ord NOT IN ${rejectedOrds(t)}`,
    );
  }
  await db.conn.run(
    `UPDATE accounts SET ${ROLE} = NULL WHERE ${ROLE} = account_id OR ${ROLE} NOT IN (SELECT account_id FROM accounts)`,
  );
}
