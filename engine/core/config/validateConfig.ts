/**
 * Check a configuration file against the schema and say what is wrong and
 * where, as JSON paths (`categories[2].weight`), every problem at once.
 * Unknown fields and newer schema versions are reported, never ignored.
 */
import type { z } from 'zod';
import { CONFIG_SCHEMA_VERSION, ModelConfigSchema, type ModelConfig } from '../api/schema.js';

export interface ConfigProblem {
  path: string;
  message: string;
}

export type ConfigCheck = { ok: true; config: ModelConfig } | { ok: false; problems: ConfigProblem[] };

/** ['categories', 2, 'weight'] → "categories[2].weight"; the root is "$". */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out || '$';
}

function describe(issue: z.core.$ZodIssue): ConfigProblem[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((k) => ({ path: jsonPath([...issue.path, k]), message: `unknown field "${k}"` }));
  }
  return [{ path: jsonPath(issue.path), message: issue.message }];
}

export function validateConfig(input: unknown): ConfigCheck {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, problems: [{ path: '$', message: 'a configuration is a JSON object' }] };
  }
  const version = (input as Record<string, unknown>).schemaVersion;
  if (typeof version === 'number' && version > CONFIG_SCHEMA_VERSION) {
    return {
      ok: false,
      problems: [
        {
          path: 'schemaVersion',
          message: `version ${version} is newer than this workbench reads (${CONFIG_SCHEMA_VERSION}); update the workbench`,
        },
      ],
    };
  }
  const r = ModelConfigSchema.safeParse(input);
  if (r.success) return { ok: true, config: r.data };
  return { ok: false, problems: r.error.issues.flatMap(describe) };
}

/** Parse and check a configuration file's text. */
export function validateConfigText(text: string): ConfigCheck {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return {
      ok: false,
      problems: [{ path: '$', message: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` }],
    };
  }
  return validateConfig(json);
}
