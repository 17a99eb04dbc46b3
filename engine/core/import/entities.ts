/**
 * The kinds of export a customer-success team brings, and the fields the
 * workbench reads from each. Every file is mapped to one entity; the importer
 * turns it into the canonical table the snapshot builder reads.
 *
 * Synonyms are header spellings seen in real exports (Salesforce, HubSpot,
 * Mixpanel, Amplitude, Segment, Zendesk, Freshdesk, Intercom, Stripe,
 * Chargebee, Recurly, survey tools), compared after normalising case,
 * separators and camelCase (see headers.ts).
 *
 * The entities themselves live in entities/, one file per entity or small group;
 * this file assembles them in the order the mapping screen lists them.
 */

import { ACCOUNTS } from './entities/accounts.js';
import { INVOICES, SUBSCRIPTIONS } from './entities/billing.js';
import { LINKS } from './entities/links.js';
import { CHURN, NPS, OVERRIDES, RENEWALS } from './entities/outcomes.js';
import { SCORE_HISTORY } from './entities/scoreHistory.js';
import { TICKETS } from './entities/tickets.js';
import type { EntityId, EntitySpec } from './entities/types.js';
import { USAGE_DAILY, USAGE_EVENTS } from './entities/usage.js';

export { ENTITY_IDS } from './entities/types.js';
export type { EntityId, EntitySpec, FieldSpec, FieldType } from './entities/types.js';

export const ENTITIES: readonly EntitySpec[] = [
  ACCOUNTS,
  USAGE_DAILY,
  USAGE_EVENTS,
  TICKETS,
  INVOICES,
  NPS,
  CHURN,
  RENEWALS,
  OVERRIDES,
  LINKS,
  SCORE_HISTORY,
  SUBSCRIPTIONS,
];

export function entitySpec(id: EntityId): EntitySpec {
  return ENTITIES.find((e) => e.id === id)!;
}
