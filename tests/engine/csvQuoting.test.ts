/** CSV quoting as RFC 4180 and spreadsheets read it: a quote inside a quoted cell is doubled. */
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from '../../engine/core/export/csv.js';

describe('CSV quoting', () => {
  it('doubles a quote inside a cell and quotes the cell', () => {
    expect(csvCell('Acme "Global" Ltd')).toBe('"Acme ""Global"" Ltd"');
    expect(csvCell('"')).toBe('""""');
  });
  it('quotes cells with a line break, and writes a line of cells ending in a newline', () => {
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvLine(['say "hi"', 1.5, false, null])).toBe('"say ""hi""",1.5,false,\n');
  });
});
