/** A tier's playbook line on the tier cards: the action, and how soon in the largest whole unit. */
import { describe, expect, it } from 'vitest';
import { playbookText, respondWithin } from '../../engine/core/model/playbook.js';

describe('how soon a tier asks for a response', () => {
  it('whole weeks as weeks, one week as "a week"', () => {
    expect(respondWithin(168)).toBe('within a week');
    expect(respondWithin(336)).toBe('within 2 weeks');
    expect(respondWithin(504)).toBe('within 3 weeks');
  });
  it('one day as "a day", whole days above two days as days', () => {
    expect(respondWithin(24)).toBe('within a day');
    expect(respondWithin(72)).toBe('within 3 days');
    expect(respondWithin(240)).toBe('within 10 days');
  });
  it('hours otherwise, 48 included ("within 48 hours" is how teams write a two-day SLA)', () => {
    expect(respondWithin(48)).toBe('within 48 hours');
    expect(respondWithin(4)).toBe('within 4 hours');
    expect(respondWithin(36)).toBe('within 36 hours');
    expect(respondWithin(100)).toBe('within 100 hours');
  });
});

describe('the playbook line', () => {
  it('the action and how soon, joined by a dash', () => {
    expect(playbookText({ action: 'Intervention', responseHours: 48 })).toBe('Intervention — within 48 hours');
  });
  it('either part alone, without a dangling dash; nothing without either', () => {
    expect(playbookText({ action: 'Quarterly review' })).toBe('Quarterly review');
    expect(playbookText({ responseHours: 24 })).toBe('within a day');
    expect(playbookText({ action: '', responseHours: 0 })).toBe('');
    expect(playbookText({})).toBe('');
  });
});
