/**
 * The read options a report-style export needs: rows above the header (a title, "Generated on …")
 * and one strptime pattern for dates no built-in format reads. Committed on Enter or when the field
 * is left, since each change re-reads the file.
 */
import { NumberInput, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { compileDatePattern } from '../../../engine/core/import/dateFormats.js';
import type { ReadOptions } from '../../../engine/core/api/importSchema.js';

const onEnter = (e: React.KeyboardEvent<HTMLInputElement>) => {
  if (e.key === 'Enter') e.currentTarget.blur();
};

export function SkipRowsField({
  read,
  fileName,
  onCommit,
}: {
  read: ReadOptions;
  fileName: string;
  onCommit: (skipRows: number) => void;
}) {
  const [value, setValue] = useState<number | string>(read.skipRows ?? 0);
  useEffect(() => setValue(read.skipRows ?? 0), [read.skipRows]);
  const commit = () => {
    const n = typeof value === 'number' ? value : Number(value);
    if (Number.isInteger(n) && n >= 0 && n <= 10_000 && n !== (read.skipRows ?? 0)) onCommit(n);
  };
  return (
    <NumberInput
      size="xs"
      w={160}
      min={0}
      max={10_000}
      allowDecimal={false}
      allowNegative={false}
      aria-label={`Rows above the header in ${fileName}`}
      hideControls
      leftSection={<span style={{ fontSize: 11, whiteSpace: 'nowrap' }}>rows above header</span>}
      leftSectionWidth={112}
      leftSectionPointerEvents="none"
      value={value}
      onChange={setValue}
      onBlur={commit}
      onKeyDown={onEnter}
    />
  );
}

export function DatePatternField({
  read,
  fileName,
  onCommit,
}: {
  read: ReadOptions;
  fileName: string;
  onCommit: (pattern: string | undefined) => void;
}) {
  const [text, setText] = useState(read.datePattern ?? '');
  useEffect(() => setText(read.datePattern ?? ''), [read.datePattern]);
  const trimmed = text.trim();
  const compiled = trimmed === '' ? null : compileDatePattern(trimmed);
  const error = typeof compiled === 'string' ? compiled : null;
  const commit = () => {
    if (error) return;
    const next = trimmed === '' ? undefined : trimmed;
    if (next !== read.datePattern) onCommit(next);
  };
  return (
    <TextInput
      size="xs"
      w={error ? 320 : 200}
      aria-label={`Date pattern for every date column of ${fileName}`}
      placeholder="date pattern, e.g. %d.%m.%Y"
      title="A DuckDB strptime pattern (%d day, %m month, %b month name, %Y year) for dates no listed format reads. Empty: each column's own format."
      value={text}
      error={error}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={commit}
      onKeyDown={onEnter}
    />
  );
}
