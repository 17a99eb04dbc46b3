// `npm run schema`: write the configuration's JSON Schema (tests/configSchema.test.ts checks it is current).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_JSON_SCHEMA_FILE, configJsonSchemaText } from '../engine/core/config/jsonSchema.js';

const out = join(import.meta.dirname, '..', CONFIG_JSON_SCHEMA_FILE);
writeFileSync(out, configJsonSchemaText());
console.log(`Wrote ${out}`);
