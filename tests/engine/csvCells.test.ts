/**
 * Exported CSV cells are safe to open in a spreadsheet: every cell a
 * spreadsheet would evaluate as a formula is turned into text.
 */
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from '../../engine/core/export/csv.js';

describe('CSV cells for spreadsheets', () => {
  it('neutralise every cell a spreadsheet would evaluate: a leading =, +, -, @, tab or carriage return', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1:A2)')).toBe("'@SUM(A1:A2)");
    expect(csvCell('\t=1+1')).toBe("'\t=1+1");
    // A carriage return also forces quoting.
    expect(csvCell('\r=1+1')).toBe(`"'\r=1+1"`);
    expect(csvCell('-cmd|calc')).toBe("'-cmd|calc");
  });

  it('leave text that starts otherwise, and numbers, as they are', () => {
    expect(csvCell('Acme = best')).toBe('Acme = best');
    expect(csvCell(' =1')).toBe(' =1');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(true)).toBe('true');
  });

  it('neutralise formulas in every cell of a line, each quoted as needed', () => {
    expect(csvLine(['a.csv', 3, '@x', '-1', 'x, y', null])).toBe(`a.csv,3,'@x,'-1,"x, y",\n`);
  });
});
