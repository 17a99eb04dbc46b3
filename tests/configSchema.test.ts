import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONFIG_JSON_SCHEMA_FILE,
  CONFIG_JSON_SCHEMA_ID,
  configJsonSchema,
  configJsonSchemaText,
} from '../engine/core/config/jsonSchema.js';
import { DEFAULT_CONFIG } from '../engine/core/model/defaults.js';

const committed = readFileSync(join(import.meta.dirname, '..', CONFIG_JSON_SCHEMA_FILE), 'utf8');

describe('the JSON Schema of the configuration format', () => {
  it('committed is exactly what the zod schema generates now (run "npm run schema" after changing it)', () => {
    expect(committed).toBe(configJsonSchemaText());
  });

  it('names its dialect and itself', () => {
    const schema = JSON.parse(committed) as Record<string, unknown>;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(CONFIG_JSON_SCHEMA_ID);
  });

  it('is as strict as the workbench: every field of a configuration, and no others', () => {
    const schema = configJsonSchema() as {
      properties: Record<string, unknown>;
      required: string[];
      additionalProperties: unknown;
    };
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(DEFAULT_CONFIG).every((k) => k in schema.properties)).toBe(true);
    expect(schema.required).toEqual(expect.arrayContaining(['schemaVersion', 'name', 'categories', 'tiers']));
    // So a file cannot carry "$schema": editors are pointed at the schema by their settings (see "init --help").
    expect('$schema' in schema.properties).toBe(false);
  });
});
