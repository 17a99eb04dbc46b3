/**
 * The kinds of export a customer-success team brings, and the fields the
 * workbench reads from each. Every file is mapped to one entity; the importer
 * turns it into the canonical table the snapshot builder reads.
 *
 * Synonyms are header spellings seen in real exports (Salesforce, HubSpot,
 * Mixpanel, Amplitude, Segment, Zendesk, Freshdesk, Intercom, Stripe,
 * Chargebee, Recurly, survey tools), compared after normalising case,
 * separators and camelCase (see headers.ts).
 */

/** 'flag': a churn flag or status (yes/no, churned/active; see churnFlag.ts). */
export type FieldType = 'id' | 'text' | 'date' | 'number' | 'count' | 'boolean' | 'flag';

export interface FieldSpec {
  role: string;
  label: string;
  type: FieldType;
  required?: boolean;
  /** Normalised header spellings, most specific first. */
  synonyms: readonly string[];
  /**
   * A field few exports of the entity have (a parent account, a churn flag): it adds to the
   * entity's fit when a column matches it and never counts against an entity whose file lacks it.
   */
  extra?: boolean;
}

export interface EntitySpec {
  id: EntityId;
  label: string;
  /** The canonical table this entity fills. */
  table: string;
  /** Words in a file name that point at this entity. */
  fileHints: readonly string[];
  /**
   * The role holding the file's unique key, when it has one: what another file's
   * relation (`mapping.via`) names as `key`, and what the recognition expects to be unique.
   */
  key?: string;
  fields: readonly FieldSpec[];
}

export const ENTITY_IDS = [
  'accounts',
  'usage_daily',
  'usage_events',
  'tickets',
  'invoices',
  'nps',
  'churn',
  'renewals',
  'overrides',
  'links',
  'subscriptions',
  'score_history',
] as const;
export type EntityId = (typeof ENTITY_IDS)[number];

const ACCOUNT_ID = [
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

/** The roles of a link table that only ties a key to an account. */
const LINK_KEY = [
  'contact id',
  'user id',
  'person id',
  'member id',
  'distinct id',
  'subscription id',
  'userid',
  'vid',
  'record id',
  'hs object id',
  'id',
];

/** A churn flag or status column: `Churn`, `Exited` (1/0), a `status` of churned/active. */
const CHURN_FLAG: FieldSpec = {
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

const LINKS: EntitySpec = {
  id: 'links',
  label: 'Lookup: key → account (contacts, users, subscriptions)',
  // Fills no canonical table: it only gives other files their accounts (see mapping.via).
  table: '',
  fileHints: ['contacts', 'contact', 'users', 'people', 'persons', 'members', 'subscriptions', 'lookup', 'mapping'],
  key: 'key',
  fields: [
    { role: 'key', label: 'Key (contact, user, subscription id)', type: 'id', required: true, synonyms: LINK_KEY },
    {
      role: 'email',
      label: 'Email',
      type: 'text',
      synonyms: ['email', 'email address', 'e mail', 'user email', 'contact email', 'mail'],
    },
    {
      role: 'account_id',
      label: 'Account ID',
      type: 'id',
      required: true,
      synonyms: [
        'associated company id',
        'company id',
        'account id',
        'group id',
        'organization id',
        'organisation id',
        'customer id',
        'org id',
        'workspace id',
        'tenant id',
        'accountid',
        'account',
        'company',
        'customer',
      ],
    },
  ],
};

/**
 * The health score a CS platform already computes (Gainsight scorecard history, ChurnZero, Totango,
 * Vitally, Planhat): one row per account and date, backtested as it is beside the workbench's own.
 */
const SCORE_HISTORY: EntitySpec = {
  id: 'score_history',
  label: 'Current health score history (Gainsight, ChurnZero, Totango, Vitally…)',
  table: 'score_history',
  fileHints: [
    'score',
    'scores',
    'health',
    'healthscore',
    'scorecard',
    'gainsight',
    'churnzero',
    'totango',
    'vitally',
    'planhat',
  ],
  fields: [
    {
      role: 'account_id',
      label: 'Account ID',
      type: 'id',
      required: true,
      synonyms: ['company id', 'gsid', 'company gsid', 'account external id', 'external id', ...ACCOUNT_ID],
    },
    {
      role: 'score_date',
      label: 'Score date',
      type: 'date',
      required: true,
      synonyms: [
        'score date',
        'snapshot date',
        'snapshot month',
        'date',
        'as of date',
        'as of',
        'calculated at',
        'calculated date',
        'scored at',
        'created date',
        'created at',
        'modified date',
        'timestamp',
        'period',
      ],
    },
    {
      role: 'score',
      label: 'Health score (0–100 or 1–10)',
      type: 'number',
      required: true,
      synonyms: [
        'health score',
        'overall score',
        'score',
        'current score',
        'scorecard score',
        'customer health score',
        'churnzero score',
        'health',
        'score value',
      ],
    },
    {
      role: 'status',
      label: 'Health status (Green/Yellow/Red, Good/Fair/Poor)',
      type: 'text',
      synonyms: [
        'health status',
        'status',
        'health color',
        'health colour',
        'color',
        'colour',
        'score label',
        'rag',
        'rag status',
        'grade',
        'tier',
      ],
    },
  ],
};

export const ENTITIES: readonly EntitySpec[] = [
  {
    id: 'accounts',
    label: 'Accounts (CRM)',
    table: 'accounts',
    key: 'account_id',
    fileHints: [
      'account',
      'accounts',
      'customer',
      'customers',
      'company',
      'companies',
      'crm',
      'salesforce',
      'hubspot',
      'organization',
      'organizations',
    ],
    fields: [
      { role: 'account_id', label: 'Account ID', type: 'id', required: true, synonyms: [...ACCOUNT_ID, 'id'] },
      {
        role: 'name',
        label: 'Account name',
        type: 'text',
        synonyms: [
          'account name',
          'name',
          'company name',
          'company',
          'customer name',
          'organization name',
          'organisation name',
        ],
      },
      {
        role: 'segment',
        label: 'Segment',
        type: 'text',
        synonyms: [
          'segment',
          'customer segment',
          'market segment',
          'sales segment',
          'business segment',
          'segment name',
          'size segment',
          'employee band',
          'tier',
          'account tier',
          'type',
          'account type',
          'size',
          'company size',
        ],
      },
      { role: 'industry', label: 'Industry', type: 'text', synonyms: ['industry', 'vertical', 'sector'] },
      {
        role: 'region',
        label: 'Region',
        type: 'text',
        synonyms: [
          'region',
          'geo',
          'territory',
          'sales region',
          'billing region',
          'country',
          'billing country',
          'hq country',
          'country code',
          'market',
        ],
      },
      {
        role: 'plan',
        label: 'Plan',
        type: 'text',
        synonyms: [
          'plan',
          'plan name',
          'plan tier',
          'pricing plan',
          'product',
          'edition',
          'subscription plan',
          'package',
        ],
      },
      {
        role: 'csm',
        label: 'CSM',
        type: 'text',
        synonyms: [
          'csm',
          'customer success manager',
          'owner',
          'account owner',
          'owner name',
          'hubspot owner id',
          'csm name',
          'csm owner',
          'cs owner',
          'success manager',
          'csm email',
          'account manager',
        ],
      },
      {
        role: 'signup_date',
        label: 'Start / signup date',
        type: 'date',
        synonyms: [
          'signup date',
          'sign up date',
          'start date',
          'created date',
          'created at',
          'createdate',
          'create date',
          'customer since',
          'contract start date',
          'became a customer date',
          'onboarding date',
        ],
      },
      {
        role: 'renewal_date',
        label: 'Renewal date',
        type: 'date',
        synonyms: ['renewal date', 'next renewal date', 'contract end date', 'end date', 'renews at'],
      },
      {
        role: 'arr',
        label: 'ARR',
        type: 'number',
        // ARR before anything else that looks like money; MRR is its own role (× 12 when the file has no ARR).
        synonyms: [
          'arr',
          'annual recurring revenue',
          'arr amount',
          'arr usd',
          'current arr',
          'total arr',
          'annual contract value',
          'acv',
          'annual revenue',
          'contract value',
          'amount',
        ],
      },
      {
        role: 'mrr',
        label: 'MRR (× 12 is the ARR when no ARR column)',
        type: 'number',
        synonyms: ['mrr', 'monthly recurring revenue', 'mrr amount', 'mrr usd', 'current mrr', 'monthly revenue'],
      },
      {
        role: 'seats',
        label: 'Seats / licences',
        type: 'count',
        synonyms: [
          'seats',
          'licenses',
          'licences',
          'license count',
          'seat count',
          'purchased seats',
          'users purchased',
        ],
      },
      {
        // Salesforce's ParentId, HubSpot's parent company association: carried into the accounts table.
        role: 'parent_account_id',
        label: 'Parent account ID',
        type: 'id',
        extra: true,
        synonyms: [
          'parent account id',
          'parent id',
          'parent account',
          'parent company id',
          'hs parent company id',
          'parent company',
          'parent customer id',
          'parent organization id',
          'parent organisation id',
          'ultimate parent id',
          'ultimate parent account id',
        ],
      },
      CHURN_FLAG,
      {
        // Only with the flag: on an active account a last-activity date is no churn.
        role: 'churn_date',
        label: 'Churn date (of the churned flag)',
        type: 'date',
        extra: true,
        synonyms: [
          'churn date',
          'churned at',
          'churned date',
          'cancelled at',
          'canceled at',
          'cancellation date',
          'cancel date',
          'closed lost date',
          'last active',
          'last active date',
          'last activity date',
          'last seen',
        ],
      },
    ],
  },
  {
    id: 'usage_daily',
    label: 'Product usage (daily aggregates)',
    table: 'usage_events',
    fileHints: ['usage', 'daily', 'activity', 'product', 'mixpanel', 'amplitude', 'pendo', 'metrics'],
    fields: [
      { role: 'account_id', label: 'Account ID', type: 'id', required: true, synonyms: ACCOUNT_ID },
      {
        role: 'date',
        label: 'Date',
        type: 'date',
        required: true,
        // Weekly and monthly exports (Amplitude, Mixpanel, Pendo) date each row by the start of its period.
        synonyms: [
          'date',
          'day',
          'usage date',
          'activity date',
          'event date',
          'timestamp',
          'period',
          'week start',
          'week',
          'week of',
          'week starting',
          'week start date',
          'period start',
          'period start date',
          'month',
          'month start',
        ],
      },
      {
        role: 'active_users',
        label: 'Active users',
        type: 'count',
        synonyms: ['active users', 'dau', 'daily active users', 'users', 'unique users', 'uniques'],
      },
      {
        role: 'logins',
        label: 'Logins',
        type: 'count',
        synonyms: ['logins', 'login count', 'sessions', 'session count', 'sign ins', 'visits'],
      },
      {
        role: 'features_used',
        label: 'Features used',
        type: 'count',
        synonyms: ['features used', 'feature count', 'distinct features', 'features', 'modules used'],
      },
      {
        role: 'key_actions',
        label: 'Key actions',
        type: 'count',
        synonyms: ['key actions', 'key action count', 'core actions', 'conversions', 'value actions'],
      },
      {
        role: 'session_minutes',
        label: 'Session minutes',
        type: 'number',
        synonyms: ['session minutes', 'minutes', 'time spent', 'duration minutes', 'usage minutes', 'session duration'],
      },
      {
        role: 'api_calls',
        label: 'API calls',
        type: 'count',
        synonyms: ['api calls', 'api requests', 'requests', 'api call count'],
      },
      {
        role: 'trainings_completed',
        label: 'Trainings completed',
        type: 'count',
        synonyms: [
          'trainings completed',
          'training completions',
          'courses completed',
          'lessons completed',
          'certifications',
          'certifications earned',
          'academy completions',
        ],
      },
      {
        role: 'community_actions',
        label: 'Community actions',
        type: 'count',
        synonyms: [
          'community actions',
          'community posts',
          'community activity',
          'forum posts',
          'community replies',
          'posts',
        ],
      },
    ],
  },
  {
    id: 'usage_events',
    label: 'Product usage (event rows)',
    table: 'usage_events',
    fileHints: ['events', 'event', 'track', 'tracks', 'segment', 'mixpanel', 'amplitude', 'export'],
    fields: [
      {
        role: 'account_id',
        label: 'Account ID',
        type: 'id',
        required: true,
        synonyms: [
          'group id',
          'account id',
          'accountid',
          'company id',
          'org id',
          'organization id',
          'context group id',
          'properties account id',
          'properties company id',
          ...ACCOUNT_ID,
        ],
      },
      {
        role: 'timestamp',
        label: 'Event time',
        type: 'date',
        required: true,
        synonyms: [
          'timestamp',
          'time',
          'event time',
          'received at',
          'sent at',
          'original timestamp',
          'client event time',
          'server upload time',
          'created at',
          'date',
        ],
      },
      {
        role: 'user_id',
        label: 'User ID',
        type: 'text',
        synonyms: ['user id', 'userid', 'distinct id', 'anonymous id', 'amplitude id', 'device id', 'user'],
      },
      {
        role: 'event',
        label: 'Event name',
        type: 'text',
        synonyms: ['event', 'event name', 'event type', 'name', 'action'],
      },
    ],
  },
  {
    id: 'tickets',
    label: 'Support tickets (help desk)',
    table: 'tickets',
    fileHints: [
      'ticket',
      'tickets',
      'support',
      'zendesk',
      'freshdesk',
      'intercom',
      'conversations',
      'cases',
      'helpdesk',
    ],
    fields: [
      {
        role: 'ticket_id',
        label: 'Ticket ID',
        type: 'id',
        synonyms: ['ticket id', 'id', 'case id', 'case number', 'conversation id', 'ticket number'],
      },
      {
        role: 'account_id',
        label: 'Account ID',
        type: 'id',
        required: true,
        synonyms: ['organization id', 'organization', 'company id', 'company', 'requester organization', ...ACCOUNT_ID],
      },
      {
        role: 'opened_at',
        label: 'Opened',
        type: 'date',
        required: true,
        synonyms: [
          'opened at',
          'created at',
          'created',
          'created time',
          'date created',
          'open date',
          'submitted at',
          'first opened',
        ],
      },
      {
        role: 'closed_at',
        label: 'Closed',
        type: 'date',
        synonyms: ['closed at', 'solved at', 'resolved at', 'closed', 'resolved time', 'closed time', 'date closed'],
      },
      { role: 'priority', label: 'Priority', type: 'text', synonyms: ['priority', 'severity', 'urgency'] },
      {
        role: 'csat',
        label: 'CSAT',
        type: 'number',
        synonyms: [
          'csat',
          'satisfaction',
          'satisfaction score',
          'satisfaction rating',
          'csat score',
          'rating',
          'conversation rating',
        ],
      },
      { role: 'escalated', label: 'Escalated', type: 'boolean', synonyms: ['escalated', 'is escalated', 'escalation'] },
      {
        role: 'sentiment',
        label: 'Sentiment (−1 … 1)',
        type: 'number',
        synonyms: ['sentiment', 'sentiment score', 'customer sentiment', 'tone', 'sentiment polarity'],
      },
    ],
  },
  {
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
  },
  {
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
  },
  {
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
  },
  {
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
  },
  {
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
  },
  LINKS,
  SCORE_HISTORY,
  {
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
  },
];

export function entitySpec(id: EntityId): EntitySpec {
  return ENTITIES.find((e) => e.id === id)!;
}
