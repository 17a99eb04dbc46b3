/**
 * A configuration file's text, read the one way the CLI and the app both read it: a plain configuration
 * is checked against the schema; an approved-configuration file is checked against its schema and its
 * hash, so a file edited after approval is refused everywhere with the same problems.
 */
import { APPROVED_FORMAT, type ApprovedConfig, type ModelConfig } from '../api/schema.js';
import { checkApproved } from './approve.js';
import { validateConfigText, type ConfigProblem } from './validateConfig.js';

export type ConfigFileCheck =
  { ok: true; config: ModelConfig; approved: ApprovedConfig | null } | { ok: false; problems: ConfigProblem[] };

export async function checkConfigFile(text: string): Promise<ConfigFileCheck> {
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // validateConfigText reports the JSON error
  }
  if (json && typeof json === 'object' && (json as { format?: unknown }).format === APPROVED_FORMAT) {
    const check = await checkApproved(json);
    return check.ok ? { ok: true, config: check.approved.configuration, approved: check.approved } : check;
  }
  const check = validateConfigText(text);
  return check.ok ? { ok: true, config: check.config, approved: null } : check;
}
