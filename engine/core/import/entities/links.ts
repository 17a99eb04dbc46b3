import type { EntitySpec } from './types.js';

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

export const LINKS: EntitySpec = {
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
