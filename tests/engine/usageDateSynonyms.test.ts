/** Weekly and monthly usage exports date each row by its period's start: that column is the usage date. */
import { describe, expect, it } from 'vitest';
import { suggestFileMapping } from '../../engine/core/import/suggestMapping.js';

const profile = (rows: string[][]) => rows[0]!.map((name, k) => ({ name, samples: rows.slice(1).map((r) => r[k]!) }));

describe('the usage date of a weekly or monthly export', () => {
  it('is "Week Start" in an Amplitude-style weekly export of active users per account', () => {
    const m = suggestFileMapping(
      'amplitude_weekly_active_users.csv',
      profile([
        ['Week Start', 'Account ID', 'Active Users', 'Sessions'],
        ['2024-01-01', 'acct_001', '14', '96'],
        ['2024-01-08', 'acct_001', '12', '88'],
        ['2024-01-01', 'acct_002', '3', '11'],
      ]),
    );
    expect(m.entity).toBe('usage_daily');
    expect(m.columns).toMatchObject({
      date: 'Week Start',
      account_id: 'Account ID',
      active_users: 'Active Users',
      logins: 'Sessions',
    });
    expect(m.dateFormats.date).toBe('iso');
  });

  it.each(['week_start', 'Week', 'week_of', 'period_start', 'Month', 'Day'])(
    'is %j in a Mixpanel-style export',
    (header) => {
      const m = suggestFileMapping(
        'mixpanel_usage.csv',
        profile([
          [header, 'group_id', 'unique_users', 'logins'],
          ['2024-02-05', 'acct_001', '8', '40'],
          ['2024-02-12', 'acct_002', '5', '21'],
        ]),
      );
      expect(m.entity).toBe('usage_daily');
      expect(m.columns.date).toBe(header);
    },
  );
});
