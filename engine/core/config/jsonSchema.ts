/**
 * The configuration format as JSON Schema, generated from the zod schema the
 * workbench validates with, so editors can complete and check a configuration
 * file as it is typed. The committed copy (schema/) is regenerated with
 * `npm run schema`, and a test keeps it equal to what this produces.
 * Cross-field rules (weights summing to 100, cut points decreasing, …) are
 * refinements JSON Schema cannot express: `health-workbench validate` checks them.
 */
import { z } from 'zod';
import { CONFIG_SCHEMA_VERSION, ModelConfigSchema } from '../api/schema.js';

export const CONFIG_JSON_SCHEMA_ID = `urn:health-score-workbench:config:v${CONFIG_SCHEMA_VERSION}`;
export const CONFIG_JSON_SCHEMA_FILE = 'schema/health-workbench-config.schema.json';

export function configJsonSchema(): Record<string, unknown> {
  // The input side: what a file may say (fields with defaults may be left out).
  const { $schema, ...body } = z.toJSONSchema(ModelConfigSchema, { io: 'input', target: 'draft-2020-12' });
  return {
    $schema,
    $id: CONFIG_JSON_SCHEMA_ID,
    title: 'Health Score Workbench configuration',
    description:
      `Configuration schema version ${CONFIG_SCHEMA_VERSION}. ` +
      'Weights, cut points and other cross-field rules are checked by "health-workbench validate".',
    ...body,
  };
}

/** The schema file's exact text. */
export const configJsonSchemaText = (): string => `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
