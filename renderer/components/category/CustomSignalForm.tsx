/**
 * "Add a signal": a signal of the user's own from a column of a loaded table (or its rows), aggregated
 * over a window and compared, checked by the configuration's schema as it is typed, and read back as one
 * sentence. A form, so Enter adds it; every field is a labelled Mantine input reached with Tab.
 */
import { Button, Card, Group, NumberInput, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { CustomSignal } from '../../../engine/core/api/schema.js';
import { CUSTOM_COMPARISONS } from '../../../engine/core/api/schema.js';
import { resolveCustomColumn } from '../../../engine/core/signals/customColumns.js';
import { CUSTOM_TABLE_NAMES, CUSTOM_TABLES } from '../../../engine/core/signals/customTables.js';
import { NO_EXTRAS, useSessionStore } from '../../state/sessionStore.js';
import {
  aggregationsFor,
  checkDraft,
  COMPARISON_LABELS,
  customIdFor,
  describeCustomSignal,
  emptyDraft,
  filterColumns,
  measurableColumns,
  type CustomSignalDraft,
} from './customSignalDraft.js';

const KIND_WORDS: Record<string, string> = { number: 'number', boolean: 'yes/no', category: 'category', id: 'id' };

export function CustomSignalForm({
  categories,
  category,
  taken,
  onAdd,
  onCancel,
}: {
  /** The model's categories the signal can go into. */
  categories: { id: string; name: string }[];
  /** The category chosen at first: the one being edited. */
  category: string;
  /** Ids already defined, so the new one is another. */
  taken: readonly string[];
  onAdd: (signal: CustomSignal, categoryId: string) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState<CustomSignalDraft>(() => emptyDraft(category));
  // The extra columns the import kept are measurable too.
  const extras = useSessionStore((s) => s.dataset?.extraColumns ?? NO_EXTRAS);
  const [tried, setTried] = useState(false);
  const check = checkDraft(draft, taken, extras);
  const errors = tried && !check.ok ? check.errors : {};
  // The sentence reads the definition as soon as everything but the name is right.
  const shape = checkDraft({ ...draft, label: draft.label.trim() || 'signal' }, taken, extras);
  const set = (patch: Partial<CustomSignalDraft>) => setDraft((d) => ({ ...d, ...patch }));

  // The accounts file has one value per account, as exported: no window, nothing earlier to compare with.
  const asExported = draft.table === 'accounts';
  const setTable = (table: CustomSignalDraft['table']) =>
    set({
      table,
      column: '',
      aggregation: 'count',
      whereColumn: '',
      whereValues: '',
      ...(table === 'accounts' ? { window: 'since_start' as const, comparison: 'value' as const } : {}),
    });
  const setColumn = (column: string) => {
    const offered = aggregationsFor(draft.table, column, extras).map((a) => a.value);
    set({ column, aggregation: offered.includes(draft.aggregation) ? draft.aggregation : offered[0]! });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!check.ok) return;
    onAdd(check.signal, draft.category);
  };
  const whereKind =
    draft.whereColumn === '' ? undefined : resolveCustomColumn(draft.table, draft.whereColumn, extras)?.kind;
  const windowDays = draft.window === 'since_start' ? null : draft.window;

  return (
    <Card withBorder padding="sm" bg="gray.0" data-testid="custom-signal-form">
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          <Text fw={600} size="sm">
            Add a signal of your own
          </Text>
          <Group grow align="flex-start">
            <TextInput
              size="xs"
              label="Name"
              placeholder="P1 tickets in 90 days"
              value={draft.label}
              onChange={(e) => set({ label: e.currentTarget.value })}
              error={errors.label}
              description={draft.label.trim() ? `Saved as ${customIdFor(draft.label, taken)}` : undefined}
              autoFocus
              data-testid="custom-label"
            />
            <Select
              size="xs"
              label="Category"
              data={categories.map((c) => ({ value: c.id, label: c.name }))}
              value={draft.category}
              allowDeselect={false}
              onChange={(v) => v && set({ category: v })}
              data-testid="custom-category"
            />
          </Group>
          <Group grow align="flex-start">
            <Select
              size="xs"
              label="Table"
              data={CUSTOM_TABLE_NAMES.map((t) => ({ value: t, label: CUSTOM_TABLES[t].label }))}
              value={draft.table}
              allowDeselect={false}
              onChange={(v) => v && setTable(v as CustomSignalDraft['table'])}
              data-testid="custom-table"
            />
            <Select
              size="xs"
              label="Column"
              data={[
                { value: '', label: 'The rows themselves' },
                ...measurableColumns(draft.table, extras).map((c) => ({
                  value: c.value,
                  label: `${c.label} (${KIND_WORDS[c.kind]})`,
                })),
              ]}
              value={draft.column}
              allowDeselect={false}
              onChange={(v) => v !== null && setColumn(v)}
              error={errors.column}
              data-testid="custom-column"
            />
            <Select
              size="xs"
              label="Aggregation"
              data={aggregationsFor(draft.table, draft.column, extras)}
              value={draft.aggregation}
              allowDeselect={false}
              onChange={(v) => v && set({ aggregation: v as CustomSignalDraft['aggregation'] })}
              error={errors.aggregation}
              data-testid="custom-aggregation"
            />
          </Group>
          <Group grow align="flex-start">
            <Select
              size="xs"
              label="Only rows where (optional)"
              data={[
                { value: '', label: 'Every row' },
                ...filterColumns(draft.table, extras).map((c) => ({ value: c.value, label: c.label })),
              ]}
              value={draft.whereColumn}
              allowDeselect={false}
              onChange={(v) => v !== null && set({ whereColumn: v, whereValues: '' })}
              error={whereKind === undefined ? errors.where : undefined}
              data-testid="custom-where-column"
            />
            {whereKind === 'category' && (
              <TextInput
                size="xs"
                label="is one of"
                description="values as in the export, comma-separated (any case)"
                placeholder="urgent, high"
                value={draft.whereValues}
                onChange={(e) => set({ whereValues: e.currentTarget.value })}
                error={errors.where}
                data-testid="custom-where-values"
              />
            )}
            {whereKind === 'boolean' && (
              <SegmentedControl
                size="xs"
                mt={22}
                aria-label="Keep the rows where it is"
                data={[
                  { value: 'yes', label: 'is yes' },
                  { value: 'no', label: 'is no' },
                ]}
                value={draft.whereIs ? 'yes' : 'no'}
                onChange={(v) => set({ whereIs: v === 'yes' })}
              />
            )}
          </Group>
          <Group grow align="flex-start">
            {asExported ? (
              <Text size="xs" c="dimmed" mt={18} data-testid="custom-as-exported">
                Read as exported: each account&apos;s value is known from the accounts file&apos;s export date.
              </Text>
            ) : (
              <div>
                <Text size="xs" fw={500} mb={2}>
                  Window
                </Text>
                <Group gap="xs" wrap="nowrap">
                  <SegmentedControl
                    size="xs"
                    aria-label="Window"
                    data={[
                      { value: 'days', label: 'Last days' },
                      { value: 'since_start', label: 'Since start' },
                    ]}
                    value={windowDays === null ? 'since_start' : 'days'}
                    onChange={(v) => set({ window: v === 'since_start' ? 'since_start' : 90 })}
                    data-testid="custom-window-kind"
                  />
                  {windowDays !== null && (
                    <NumberInput
                      size="xs"
                      w={90}
                      aria-label="Window in days"
                      value={windowDays}
                      min={7}
                      max={365}
                      allowDecimal={false}
                      suffix=" days"
                      onChange={(v) => set({ window: typeof v === 'number' ? v : 0 })}
                      error={errors.window}
                      data-testid="custom-window-days"
                    />
                  )}
                </Group>
              </div>
            )}
            <Select
              size="xs"
              label="Compared with"
              data={CUSTOM_COMPARISONS.filter((c) => !asExported || c === 'value' || c === 'per_seat').map((c) => ({
                value: c,
                label: COMPARISON_LABELS[c],
              }))}
              value={draft.comparison}
              allowDeselect={false}
              onChange={(v) => v && set({ comparison: v as CustomSignalDraft['comparison'] })}
              error={errors.comparison}
              data-testid="custom-comparison"
            />
          </Group>
          <Group grow align="flex-start">
            <div>
              <Text size="xs" fw={500} mb={2}>
                A higher value means
              </Text>
              <SegmentedControl
                size="xs"
                aria-label="A higher value means"
                data={[
                  { value: 'higher_is_riskier', label: 'more risk' },
                  { value: 'higher_is_healthier', label: 'healthier' },
                ]}
                value={draft.direction}
                onChange={(v) => set({ direction: v as CustomSignalDraft['direction'] })}
                data-testid="custom-direction"
              />
            </div>
            <Text size="xs" c="dimmed" mt={18}>
              The signal starts with a normalisation that follows this; adjust it on its card.
            </Text>
          </Group>
          <Text size="sm" data-testid="custom-sentence" c={shape.ok ? undefined : 'dimmed'}>
            {shape.ok
              ? describeCustomSignal(shape.signal, extras)
              : 'Complete the fields to read the signal as a sentence.'}
          </Text>
          {errors.form && (
            <Text size="xs" c="red">
              {errors.form}
            </Text>
          )}
          <Group justify="flex-end" gap="xs">
            <Button size="xs" variant="default" onClick={onCancel}>
              Cancel
            </Button>
            <Button size="xs" type="submit" data-testid="custom-add">
              Add signal
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
