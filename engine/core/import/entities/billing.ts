import { ACCOUNT_ID } from './shared.js';
import type { EntitySpec } from './types.js';

export const INVOICES: EntitySpec = {
  id: 'invoices',
  label: 'Billing (invoices)',
  table: 'invoices',
  fileHints: ['invoice', 'invoices', 'billing', 'stripe', 'chargebee', 'recurly', 'payments', 'charges'],
  fields: [
    {
      role: 'invoice_id',
      label: 'Invoice ID',
      type: 'id',
      synonyms: ['invoice id', 'id', 'invoice number', 'number'],
    },
    {
      role: 'account_id',
      label: 'Account ID',
      type: 'id',
      required: true,
      // Not "subscription id": a subscription is not an account; a file keyed by it reaches the account through a relation.
      synonyms: ['customer id', 'customer', 'account code', ...ACCOUNT_ID],
    },
    {
      role: 'issued_date',
      label: 'Issued',
      type: 'date',
      required: true,
      synonyms: [
        'issued date',
        'invoice date',
        'date',
        'created',
        'created at',
        'created utc',
        'issued at',
        'period start',
      ],
    },
    { role: 'due_date', label: 'Due', type: 'date', synonyms: ['due date', 'due', 'due at', 'due date utc'] },
    {
      role: 'paid_date',
      label: 'Paid',
      type: 'date',
      synonyms: ['paid date', 'paid at', 'paid', 'payment date', 'closed at', 'paid at utc'],
    },
    {
      role: 'amount',
      label: 'Amount',
      type: 'number',
      synonyms: ['amount', 'total', 'amount due', 'amount paid', 'invoice total', 'subtotal'],
    },
    {
      role: 'status',
      label: 'Status',
      type: 'text',
      synonyms: ['status', 'state', 'payment status', 'invoice status'],
    },
  ],
};

export const SUBSCRIPTIONS: EntitySpec = {
  // Stripe (id, customer, status, start_date, current_period_*, canceled_at, ended_at, plan, quantity) and
  // Chargebee (subscription id, customer id, status, started at, cancelled at, mrr, plan id) exports.
  id: 'subscriptions',
  label: 'Subscriptions (billing)',
  table: 'subscriptions',
  // Usage and invoices keyed by subscription reach the account through this key.
  key: 'subscription_id',
  fileHints: ['subscription', 'subscriptions', 'stripe', 'chargebee', 'recurly', 'plans', 'contracts'],
  fields: [
    {
      role: 'subscription_id',
      label: 'Subscription ID',
      type: 'id',
      synonyms: ['subscription id', 'id', 'subscription', 'sub id', 'contract id', 'uuid'],
    },
    {
      role: 'account_id',
      label: 'Account ID',
      type: 'id',
      required: true,
      synonyms: ['customer id', 'customer', 'account code', ...ACCOUNT_ID],
    },
    {
      role: 'start_date',
      label: 'Started',
      type: 'date',
      required: true,
      synonyms: [
        'start date',
        'started at',
        'start',
        'start date utc',
        'start utc',
        'activated at',
        'created',
        'created at',
        'created utc',
        'current period start',
      ],
    },
    {
      role: 'end_date',
      label: 'Ended / cancelled',
      type: 'date',
      synonyms: [
        'ended at',
        'ended at utc',
        'end date',
        'cancelled at',
        'canceled at',
        'canceled at utc',
        'cancelled at utc',
        'cancel date',
        'expired at',
      ],
    },
    {
      role: 'status',
      label: 'Status',
      type: 'text',
      synonyms: ['status', 'subscription status', 'state'],
    },
    {
      role: 'plan',
      label: 'Plan',
      type: 'text',
      synonyms: ['plan', 'plan id', 'plan name', 'price', 'price id', 'product', 'plan nickname', 'item price id'],
    },
    {
      role: 'seats',
      label: 'Seats (quantity)',
      type: 'count',
      synonyms: ['quantity', 'seats', 'plan quantity', 'licenses', 'licences', 'units'],
    },
    {
      role: 'mrr',
      label: 'MRR',
      type: 'number',
      synonyms: ['mrr', 'monthly recurring revenue', 'monthly amount', 'subscription mrr', 'plan mrr'],
    },
    {
      role: 'arr',
      label: 'ARR',
      type: 'number',
      synonyms: ['arr', 'annual recurring revenue', 'annual amount', 'contract value', 'acv'],
    },
    {
      role: 'trial',
      label: 'Trial',
      type: 'boolean',
      synonyms: ['trial', 'is trial', 'in trial', 'trialing'],
    },
    {
      role: 'auto_renew',
      label: 'Auto-renews',
      type: 'boolean',
      synonyms: ['auto renew', 'auto renews', 'autorenew', 'auto collection', 'renews automatically'],
    },
    {
      role: 'billing_period',
      label: 'Billing period',
      type: 'text',
      synonyms: [
        'billing period',
        'interval',
        'plan interval',
        'billing period unit',
        'billing frequency',
        'billing cycle',
      ],
    },
  ],
};
