/** Read a configuration (or approved configuration) file; every problem as "FILE: path: message". */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ApprovedConfig, ModelConfig } from '../core/api/schema.js';
import { checkConfigFile } from '../core/config/configFile.js';

export class ConfigFileError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigFileError';
  }
}

export async function readConfigFile(file: string): Promise<{ config: ModelConfig; approved: ApprovedConfig | null }> {
  let text: string;
  try {
    text = readFileSync(resolve(file), 'utf8');
  } catch (err) {
    throw new ConfigFileError([`${file}: cannot read (${err instanceof Error ? err.message : String(err)})`]);
  }
  const check = await checkConfigFile(text);
  if (!check.ok) throw new ConfigFileError(check.problems.map((q) => `${file}: ${q.path}: ${q.message}`));
  return { config: check.config, approved: check.approved };
}
