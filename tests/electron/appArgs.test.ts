import { describe, expect, it } from 'vitest';
import { parseAppArgs } from '../../electron/appArgs.js';

describe('the app command line', () => {
  it('reads --data in either spelling', () => {
    expect(parseAppArgs(['app', '--data', '/home/me/exports'])).toEqual({ data: '/home/me/exports' });
    expect(parseAppArgs(['electron', '.', '--data=/home/me/exports'])).toEqual({ data: '/home/me/exports' });
    expect(parseAppArgs(['app'])).toEqual({});
  });

  it('is not thrown by the switches Electron, Chromium and macOS add', () => {
    const argv = [
      'electron',
      '--inspect=0',
      '--remote-debugging-port=0',
      '.',
      '--no-sandbox',
      '-psn_0_12345',
      '--enable-logging',
      'file',
      '--data',
      '/x',
    ];
    expect(parseAppArgs(argv)).toEqual({ data: '/x' });
  });

  it('reports --data without a folder as a problem instead of crashing', () => {
    expect(parseAppArgs(['app', '--data'])).toEqual({ problem: '--data needs a value' });
    expect(parseAppArgs(['app', '--data', '--no-sandbox']).problem).toMatch(/^--data needs a value/);
  });
});
