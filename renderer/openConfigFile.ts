/**
 * What importing a configuration file loads into the app: its configuration and, for an approved file,
 * the backtest design it was approved with. Checked by the same core function as the CLI, so a file the
 * CLI refuses (an approved file edited after approval) is refused here with the same problems.
 */
import type { BacktestSettings, ModelConfig } from '../engine/core/api/schema.js';
import { checkConfigFile } from '../engine/core/config/configFile.js';
import type { ConfigProblem } from '../engine/core/config/validateConfig.js';

export type OpenedConfig =
  { ok: true; config: ModelConfig; backtest: BacktestSettings } | { ok: false; problems: ConfigProblem[] };

export async function openConfigFile(text: string, current: BacktestSettings): Promise<OpenedConfig> {
  const check = await checkConfigFile(text);
  if (!check.ok) return check;
  return { ok: true, config: check.config, backtest: check.approved?.backtest ?? current };
}
