/** A tier's playbook as one line: the action and how soon ("Critical: intervention — within 48 hours"). */
import type { Tier } from '../api/schema.js';

export function respondWithin(hours: number): string {
  if (hours === 168) return 'within a week';
  if (hours % 168 === 0) return `within ${hours / 168} weeks`;
  if (hours === 24) return 'within a day';
  if (hours % 24 === 0 && hours > 48) return `within ${hours / 24} days`;
  return `within ${hours} hours`;
}

export function playbookText(tier: Pick<Tier, 'action' | 'responseHours'>): string {
  const when = tier.responseHours ? respondWithin(tier.responseHours) : '';
  return [tier.action ?? '', when].filter((x) => x !== '').join(' — ');
}
