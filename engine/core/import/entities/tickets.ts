import { ACCOUNT_ID } from './shared.js';
import type { EntitySpec } from './types.js';

export const TICKETS: EntitySpec = {
  id: 'tickets',
  label: 'Support tickets (help desk)',
  table: 'tickets',
  fileHints: ['ticket', 'tickets', 'support', 'zendesk', 'freshdesk', 'intercom', 'conversations', 'cases', 'helpdesk'],
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
};
