/**
 * Header normalisation for mapping suggestions: `Account ID`, `account_id`,
 * `AccountId`, `customerID` and `properties.account_id` become comparable
 * word sequences ("account id", "customer id", "properties account id").
 */
export function normaliseHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * How well a header names a field: 1 for its first synonym, a little less for
 * later ones, 0.5 when the header contains a synonym as whole words
 * (`Zendesk Organization ID` ⊃ `organization id`), else 0.
 */
export function headerMatch(header: string, synonyms: readonly string[]): number {
  const h = normaliseHeader(header);
  if (h === '') return 0;
  const exact = synonyms.indexOf(h);
  if (exact >= 0) return 1 - Math.min(exact, 20) * 0.01;
  const padded = ` ${h} `;
  let best = 0;
  for (const [i, s] of synonyms.entries()) {
    if (s.includes(' ') || s.length > 3) {
      if (padded.includes(` ${s} `)) best = Math.max(best, 0.6 - Math.min(i, 20) * 0.005);
    }
  }
  return best;
}
