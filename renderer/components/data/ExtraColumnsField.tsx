/**
 * Event files, and a one-row-per-customer accounts extract: the columns no role reads, kept for custom
 * signals (engine/core/import/extraColumns.ts).
 * The user picks columns; each gets a name from its header and a kind from its sampled values, which
 * the user can change. The import stores each as x_<name> and checks every value against its kind.
 */
import { Group, MultiSelect, Select, Stack, Text } from '@mantine/core';
import {
  EXTRA_ENTITIES,
  EXTRA_KINDS,
  extraColumnName,
  proposeExtraColumns,
  type ExtraColumn,
  type ExtraKind,
} from '../../../engine/core/import/extraColumns.js';
import { useImportStore, type FileEntry } from '../../state/importStore.js';

const KIND_LABEL: Record<ExtraKind, string> = {
  number: 'Number (sum, mean, min, max)',
  boolean: 'Yes / no (share, filter)',
  category: 'Category (distinct count, filter)',
};

export function ExtraColumnsField({ entry }: { entry: FileEntry }) {
  const setExtras = useImportStore((s) => s.setExtras);
  const { info, mapping } = entry;
  if (!EXTRA_ENTITIES.includes(mapping.entity)) return null;
  const kept = mapping.extras ?? [];
  // What each column would be kept as, with the kept ones' names reserved.
  const proposals = proposeExtraColumns(mapping, info.columns);
  const candidates = [...kept.map((e) => e.column), ...proposals.map((e) => e.column)];
  if (candidates.length === 0) return null;
  const choose = (columns: string[]) => {
    const next: ExtraColumn[] = columns.map(
      (c) => kept.find((e) => e.column === c) ?? proposals.find((e) => e.column === c)!,
    );
    setExtras(info.id, next);
  };
  const setKind = (column: string, kind: ExtraKind) =>
    setExtras(
      info.id,
      kept.map((e) => (e.column === column ? { ...e, kind } : e)),
    );
  return (
    <Stack gap={4} data-testid="extra-columns">
      <MultiSelect
        size="xs"
        label="Keep more columns for custom signals"
        description="Columns no field above reads: a custom signal can measure a kept one (its name in the configuration is shown)."
        aria-label={`Columns of ${info.name} to keep for custom signals`}
        placeholder={kept.length === 0 ? 'none kept' : undefined}
        searchable
        data={candidates}
        value={kept.map((e) => e.column)}
        onChange={choose}
      />
      {kept.map((e) => (
        <Group key={e.column} gap="xs" wrap="nowrap">
          <Text size="xs" w={170} truncate>
            {e.column}
          </Text>
          <Select
            size="xs"
            w={260}
            aria-label={`Kind of ${e.column}`}
            allowDeselect={false}
            data={EXTRA_KINDS.map((k) => ({ value: k, label: KIND_LABEL[k] }))}
            value={e.kind}
            onChange={(v) => v && setKind(e.column, v as ExtraKind)}
          />
          <Text size="xs" c="dimmed" data-testid={`extra-name-${e.column}`}>
            {extraColumnName(e.name)}
          </Text>
        </Group>
      ))}
      {mapping.entity === 'usage_events' && kept.length > 0 && (
        <Text size="xs" c="dimmed">
          Per day: a number is the day&apos;s total, yes / no is yes when any event says yes, a category is the
          day&apos;s last event&apos;s value.
        </Text>
      )}
    </Stack>
  );
}
