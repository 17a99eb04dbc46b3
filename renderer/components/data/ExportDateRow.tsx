import { Group, Stack, Text, TextInput } from '@mantine/core';
import { exportDateEffect, type ExportDateUse } from '../../../engine/core/import/exportDate.js';
import { useImportStore, type FileEntry } from '../../state/importStore.js';

/** The column whose mapping makes the export date unneeded. */
const ALTERNATIVE: Record<ExportDateUse, string> = {
  churn: 'a churn date column',
  scores: 'a score date column',
  starts: 'a start date column',
};

/**
 * The export date, where the file's rows lack a date the product needs: a churn flag without a churn date
 * (a one-row-per-customer extract says who churned, not when), a score extract without a score date, a tenure
 * column without a start date (each start is counted back from it).
 */
export function ExportDateRow({ entry, use }: { entry: FileEntry; use: ExportDateUse }) {
  const setAsOf = useImportStore((s) => s.setAsOf);
  const { info, mapping } = entry;
  const day = mapping.asOf;
  const effect = day !== undefined ? exportDateEffect(mapping, day) : null;
  return (
    <Stack gap={2} data-testid="export-date-row">
      <Group gap="xs" wrap="wrap">
        <Text size="xs">
          {use === 'churn'
            ? `“${mapping.columns.churned}” says which accounts churned but not when.`
            : use === 'starts'
              ? `“${mapping.columns.tenure_months}” says how many months each account has been a customer, not since when.`
              : 'This score extract has no score date column.'}{' '}
          Export date
        </Text>
        <TextInput
          size="xs"
          type="date"
          w={150}
          aria-label={`Export date of ${info.name}`}
          value={day ?? ''}
          onChange={(e) => setAsOf(info.id, e.currentTarget.value || null)}
        />
        <Text size="xs" c="dimmed" data-testid="export-date-source">
          {entry.asOfBy === 'file'
            ? `proposed from the file’s modification date; change it if the export was made on another day${use !== 'scores' ? `, or map ${ALTERNATIVE[use]} above` : ''}.`
            : `the day the file was exported; or map ${ALTERNATIVE[use]} above.`}
        </Text>
      </Group>
      {effect && (
        <Text size="xs" c="dimmed" data-testid="export-date-effect">
          {effect}
        </Text>
      )}
    </Stack>
  );
}
