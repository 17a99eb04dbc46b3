/**
 * The app's own command-line options, read with the CLI's parser. Electron and
 * Chromium put their own switches in argv too (--inspect, --remote-debugging-port,
 * --no-sandbox, macOS's -psn_…): those are let through, not refused.
 */
import { parseCommandLine, UsageError } from '../engine/node/commandLine.js';

const APP_OPTIONS = {
  data: { type: 'string', arg: 'DIR', help: 'folder of exports loaded at start (default: the bundled sample data)' },
} as const;

/** `argv` as process.argv gives it (executable first). A malformed option is a problem to report, not a crash. */
export function parseAppArgs(argv: readonly string[]): { data?: string; problem?: string } {
  try {
    const { data } = parseCommandLine(argv.slice(1), APP_OPTIONS, {
      allowUnknown: true,
      positionals: Number.POSITIVE_INFINITY,
    }).values;
    return data === undefined ? {} : { data };
  } catch (err) {
    if (err instanceof UsageError) return { problem: err.message };
    throw err;
  }
}
