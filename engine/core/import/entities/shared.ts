import type { FieldSpec } from './types.js';

/** Account-id header spellings most entities accept. */
export const ACCOUNT_ID = [
  'account id',
  'accountid',
  'account',
  'account number',
  'customer id',
  'customer',
  'company id',
  'org id',
  'organization id',
  'organisation id',
  'group id',
  'tenant id',
  'workspace id',
  'client id',
  'sfdc account id',
  'hs object id',
  'record id',
];

/** A churn flag or status column: `Churn`, `Exited` (1/0), a `status` of churned/active. */
export const CHURN_FLAG: FieldSpec = {
  role: 'churned',
  label: 'Churned (flag or status)',
  type: 'flag',
  extra: true,
  synonyms: [
    'churned',
    'churn',
    'is churned',
    'has churned',
    'churn flag',
    'churn status',
    'churn label',
    'exited',
    'customer status',
    'account status',
    'status',
  ],
};
