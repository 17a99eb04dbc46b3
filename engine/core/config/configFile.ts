/**
 * A configuration file's text, whichever kind it is: a configuration, or an
 * approved configuration (format APPROVED_FORMAT), whose hash is checked so an
 * edit after approval is caught. Pure: the CLI and hosts read the file, this
 * says what is in it, or every problem with its JSON path.
 */
import { APPROVED_FORMAT, type ApprovedConfig, type ModelConfig } from '../api/schema.js';
import { checkApproved } from './approve.js';
import { validateConfigText, type ConfigProblem } from './validateConfig.js';

export type ConfigFileCheck =
  | { ok: true; config: ModelConfig; approved: ApprovedConfig | null }
  | { ok: false; problems: ConfigProblem[] };

export function checkConfigFileText(text: string): ConfigFileCheck {
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // validateConfigText reports the JSON error
  }
  if (json && typeof json === 'object' && (json as { format?: unknown }).format === APPROVED_FORMAT) {
    const check = checkApproved(json);
    return check.ok ? { ok: true, config: check.approved.configuration, approved: check.approved } : check;
  }
  const check = validateConfigText(text);
  return check.ok ? { ok: true, config: check.config, approved: null } : check;
}
