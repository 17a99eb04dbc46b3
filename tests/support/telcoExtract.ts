/** The one-row-per-customer churn extract (tests/fixtures/exports/telco-churn) and the mapping proposed for it. */
import { join } from 'node:path';
import type { FileMapping } from '../../engine/core/api/importSchema.js';

export const TELCO_EXTRACT = join(
  import.meta.dirname,
  '..',
  'fixtures',
  'exports',
  'telco-churn',
  'telco-customer-churn.csv',
);

/** As `map` and the mapping screen propose it: tenure counted back from the export date, ARR from MRR. */
export const TELCO_MAPPING: FileMapping = {
  entity: 'accounts',
  columns: {
    account_id: 'customerID',
    plan: 'Contract',
    tenure_months: 'tenure',
    mrr: 'MonthlyCharges',
    churned: 'Churn',
  },
  dateFormats: {},
  confidence: 'high',
  notes: [
    'No ARR column: ARR = "MonthlyCharges" (MRR) × 12.',
    'Signup dates come from "tenure": each account started the export date minus that many whole months ' +
      '(the same day of the month, or the last day of a shorter month). A blank or negative tenure leaves the start unknown.',
  ],
};
