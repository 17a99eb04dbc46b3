import { ACCOUNT_ID, CHURN_FLAG } from './shared.js';
import type { EntitySpec } from './types.js';

export const NPS: EntitySpec = {
  id: 'nps',
  label: 'Surveys (NPS)',
  table: 'nps',
  fileHints: ['nps', 'survey', 'surveys', 'responses', 'delighted', 'feedback'],
  fields: [
    { role: 'response_id', label: 'Response ID', type: 'id', synonyms: ['response id', 'id', 'survey response id'] },
    { role: 'account_id', label: 'Account ID', type: 'id', required: true, synonyms: ACCOUNT_ID },
    {
      role: 'responded_at',
      label: 'Responded',
      type: 'date',
      required: true,
      synonyms: ['responded at', 'response date', 'date', 'submitted at', 'created at', 'created'],
    },
    {
      role: 'score',
      label: 'Score (0–10)',
      type: 'number',
      required: true,
      synonyms: ['score', 'nps', 'nps score', 'rating', 'likelihood to recommend', 'answer'],
    },
  ],
};

export const CHURN: EntitySpec = {
  id: 'churn',
  label: 'Churn outcomes',
  table: 'churn',
  fileHints: ['churn', 'churned', 'cancellations', 'cancelled', 'lost'],
  fields: [
    { role: 'account_id', label: 'Account ID', type: 'id', required: true, synonyms: ACCOUNT_ID },
    {
      role: 'churn_date',
      label: 'Churn date',
      type: 'date',
      required: true,
      synonyms: [
        'churn date',
        'churned at',
        'cancel date',
        'cancelled at',
        'canceled at',
        'cancellation date',
        'lost date',
        'end date',
        'date',
        'last active',
        'last active date',
      ],
    },
    CHURN_FLAG,
    {
      role: 'reason',
      label: 'Reason',
      type: 'text',
      synonyms: ['reason', 'churn reason', 'cancel reason', 'cancellation reason'],
    },
    {
      role: 'reactivation',
      label: 'Reactivation (the account came back)',
      type: 'boolean',
      synonyms: ['reactivation', 'is reactivation', 'reactivated', 'event type', 'churn type', 'direction'],
    },
  ],
};

export const RENEWALS: EntitySpec = {
  id: 'renewals',
  label: 'Renewal outcomes',
  table: 'renewals',
  fileHints: ['renewal', 'renewals', 'contracts', 'opportunities'],
  fields: [
    { role: 'account_id', label: 'Account ID', type: 'id', required: true, synonyms: ACCOUNT_ID },
    {
      role: 'renewal_date',
      label: 'Renewal date',
      type: 'date',
      required: true,
      synonyms: ['renewal date', 'close date', 'contract end date', 'end date', 'date'],
    },
    {
      role: 'renewed',
      label: 'Renewed',
      type: 'boolean',
      required: true,
      synonyms: ['renewed', 'is renewed', 'won', 'is won', 'outcome', 'stage', 'status'],
    },
  ],
};

export const OVERRIDES: EntitySpec = {
  id: 'overrides',
  label: 'CSM overrides',
  table: 'overrides',
  fileHints: ['override', 'overrides', 'csm', 'manual'],
  fields: [
    { role: 'account_id', label: 'Account ID', type: 'id', required: true, synonyms: ACCOUNT_ID },
    {
      role: 'created_at',
      label: 'Set on',
      type: 'date',
      required: true,
      synonyms: ['created at', 'date', 'set at', 'override date', 'effective date', 'start date'],
    },
    {
      role: 'tier',
      label: 'Tier',
      type: 'text',
      synonyms: ['tier', 'override tier', 'health', 'status', 'color', 'colour'],
    },
    { role: 'score', label: 'Score', type: 'number', synonyms: ['score', 'override score', 'health score'] },
    {
      role: 'reason',
      label: 'Reason',
      type: 'text',
      required: true,
      synonyms: ['reason', 'note', 'comment', 'justification'],
    },
    {
      role: 'author',
      label: 'Author',
      type: 'text',
      synonyms: ['author', 'csm', 'set by', 'user', 'owner', 'created by'],
    },
    {
      role: 'expires_at',
      label: 'Expires',
      type: 'date',
      synonyms: ['expires at', 'expiry', 'expiry date', 'expiration date', 'valid until', 'end date'],
    },
  ],
};
