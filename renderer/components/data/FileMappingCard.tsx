import { Badge, Card, CloseButton, Group, Select, Stack, Switch, Table, Text, Tooltip } from '@mantine/core';
import {
  DATE_FORMAT_IDS,
  DATE_FORMAT_LABELS,
  compileDatePattern,
  detectDateFormat,
  parseDate,
  parseWithPattern,
  type DateFormatId,
} from '../../../engine/core/import/dateFormats.js';
import { ENTITIES, entitySpec, type EntityId } from '../../../engine/core/import/entities.js';
import { exportDateUse } from '../../../engine/core/import/exportDate.js';
import type { ReadOptions } from '../../../engine/core/api/importSchema.js';
import { useEngine } from '../../api/engineContext.js';
import { DatePatternField, SkipRowsField } from './ReadLayoutFields.js';
import { ExportDateRow } from './ExportDateRow.js';
import { ExtraColumnsField } from './ExtraColumnsField.js';
import { mappingProblem, useImportStore, type FileEntry } from '../../state/importStore.js';

const DELIMITERS = [
  { value: ',', label: 'Comma' },
  { value: ';', label: 'Semicolon' },
  { value: '\t', label: 'Tab' },
  { value: '|', label: 'Pipe' },
];
const ENCODINGS = [
  { value: 'utf-8', label: 'UTF-8' },
  { value: 'windows-1252', label: 'Windows-1252 (Excel “ANSI”)' },
  { value: 'latin-1', label: 'Latin-1 (ISO-8859-1)' },
  { value: 'utf-16le', label: 'UTF-16 LE' },
  { value: 'utf-16be', label: 'UTF-16 BE' },
  { value: 'utf-16', label: 'UTF-16 (by byte-order mark)' },
];
const CONFIDENCE_COLOR = { high: 'teal', medium: 'yellow', low: 'red' } as const;

const size = (b: number) =>
  b >= 1e9
    ? `${(b / 1e9).toFixed(1)} GB`
    : b >= 1e6
      ? `${(b / 1e6).toFixed(1)} MB`
      : `${Math.max(1, Math.round(b / 1e3))} kB`;

function ReadOptionsRow({ entry }: { entry: FileEntry }) {
  const engine = useEngine();
  const setRead = useImportStore((s) => s.setRead);
  const { read, info } = entry;
  const id = info.id;
  return (
    <Group gap="xs" wrap="wrap">
      <Badge variant="light" color="gray">
        {read.format.toUpperCase()}
      </Badge>
      <Text size="xs" c="dimmed">
        {size(info.size)}
      </Text>
      {read.format === 'csv' && (
        <>
          <Select
            size="xs"
            w={120}
            aria-label="Delimiter"
            data={DELIMITERS}
            value={read.delimiter ?? ','}
            allowDeselect={false}
            onChange={(v) => v && void setRead(engine, id, { delimiter: v as ',' })}
          />
          <Select
            size="xs"
            w={150}
            comboboxProps={{ width: 240 }}
            aria-label="Encoding"
            data={ENCODINGS}
            value={read.encoding ?? 'utf-8'}
            allowDeselect={false}
            onChange={(v) => v && void setRead(engine, id, { encoding: v as NonNullable<ReadOptions['encoding']> })}
          />
        </>
      )}
      {read.format === 'xlsx' && info.sheets && (
        <Select
          size="xs"
          w={160}
          aria-label="Sheet"
          data={info.sheets}
          value={read.sheet ?? info.sheets[0] ?? null}
          allowDeselect={false}
          onChange={(v) => v && void setRead(engine, id, { sheet: v })}
        />
      )}
      {(read.format === 'csv' || read.format === 'xlsx') && (
        <Switch
          size="xs"
          label="First row is a header"
          checked={read.header !== false}
          onChange={(e) => void setRead(engine, id, { header: e.currentTarget.checked })}
        />
      )}
      {(read.format === 'csv' || read.format === 'xlsx') && (
        <SkipRowsField read={read} fileName={info.name} onCommit={(n) => void setRead(engine, id, { skipRows: n })} />
      )}
      <DatePatternField
        read={read}
        fileName={info.name}
        onCommit={(p) => void setRead(engine, id, { datePattern: p })}
      />
    </Group>
  );
}

function DateFormatCell({ entry, role, column }: { entry: FileEntry; role: string; column: string }) {
  const setDateFormat = useImportStore((s) => s.setDateFormat);
  const samples = entry.info.columns.find((c) => c.name === column)?.samples.filter((v) => v.trim() !== '') ?? [];
  const format = (entry.mapping.dateFormats[role] ?? 'iso') as DateFormatId;
  const detected = detectDateFormat(samples);
  const pattern = entry.read.datePattern === undefined ? null : compileDatePattern(entry.read.datePattern);
  if (pattern !== null && typeof pattern !== 'string') {
    // The file's typed pattern outranks each column's format: show what it reads.
    const read = samples[0] !== undefined ? parseWithPattern(samples[0], pattern) : null;
    return (
      <Text size="xs" c={read ? 'dimmed' : 'red'} style={{ whiteSpace: 'nowrap' }} data-testid={`date-pattern-${role}`}>
        pattern {entry.read.datePattern}: {samples[0] ?? '—'} → {read ?? 'not read by this pattern'}
      </Text>
    );
  }
  const parsed = samples[0] !== undefined ? parseDate(samples[0], format) : null;
  return (
    <Group gap={6} wrap="nowrap">
      <Select
        size="xs"
        w={210}
        aria-label={`Date format of ${column}`}
        value={format}
        allowDeselect={false}
        data={DATE_FORMAT_IDS.map((f) => ({ value: f, label: DATE_FORMAT_LABELS[f] }))}
        onChange={(v) => v && setDateFormat(entry.info.id, role, v as DateFormatId)}
      />
      {samples[0] !== undefined && (
        <Text size="xs" c={parsed ? 'dimmed' : 'red'} style={{ whiteSpace: 'nowrap' }}>
          {samples[0]} → {parsed ?? 'not a date'}
        </Text>
      )}
      {detected?.ambiguousWith && (
        <Tooltip
          label={`These dates also read as ${DATE_FORMAT_LABELS[detected.ambiguousWith]}; check one with a day above 12.`}
        >
          <Badge size="xs" color="yellow" variant="light">
            ambiguous
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}

/** Usage exports: whether identical rows are one event exported twice (the default) or real repeats. */
function KeepDuplicatesSwitch({ entry }: { entry: FileEntry }) {
  const setKeepDuplicates = useImportStore((s) => s.setKeepDuplicates);
  return (
    <Switch
      size="xs"
      label="Identical rows are separate events (off: a repeated row is reported and counted once)"
      checked={entry.mapping.keepDuplicates === true}
      onChange={(e) => setKeepDuplicates(entry.info.id, e.currentTarget.checked)}
    />
  );
}

const DIRECT = '\u0000direct';

/**
 * How the file finds its account: its own account-id column, or another file's key
 * (feature usage → subscriptions, tickets → contacts). A proposed relation shows its match rate.
 */
function RelationRow({ entry }: { entry: FileEntry }) {
  const files = useImportStore((s) => s.files);
  const setRelation = useImportStore((s) => s.setRelation);
  const { info, mapping } = entry;
  const via = mapping.via;
  const others = files.filter((f) => f.include && f.info.id !== info.id);
  const target = via ? others.find((f) => f.info.name === via.file) : undefined;
  const keyOptions = (target?.info.columns ?? []).map((c) => ({ value: c.name, label: c.name }));
  const ownColumns = info.columns.map((c) => ({ value: c.name, label: c.name }));
  const choose = (file: string | null) => {
    if (!file || file === DIRECT) return setRelation(info.id, null);
    const t = others.find((f) => f.info.name === file)!;
    const column = via?.column ?? info.columns[0]?.name ?? '';
    // The other file's own key role (EntitySpec.key: account_id, key, subscription_id…), else its first column.
    const keyRole = entitySpec(t.mapping.entity).key;
    const key = keyRole ? (t.mapping.columns[keyRole] ?? '') : '';
    setRelation(info.id, { column, file, key: key || (t.info.columns[0]?.name ?? '') });
  };
  const rate = via?.matchRate;
  return (
    <Stack gap={2} data-testid="relation-row">
      <Group gap="xs" wrap="wrap">
        <Text size="xs">Account found</Text>
        <Select
          size="xs"
          w={290}
          aria-label={`How ${info.name} finds its account`}
          allowDeselect={false}
          value={via ? via.file : DIRECT}
          data={[
            { value: DIRECT, label: 'in its own account-id column' },
            ...others.map((f) => ({ value: f.info.name, label: `through ${f.info.name}` })),
          ]}
          onChange={choose}
        />
        {via && (
          <>
            <Text size="xs">where this file’s</Text>
            <Select
              size="xs"
              w={180}
              searchable
              aria-label={`Column of ${info.name} holding ${via.file}'s key`}
              allowDeselect={false}
              data={ownColumns}
              value={via.column}
              onChange={(v) => v && setRelation(info.id, { column: v, file: via.file, key: via.key })}
            />
            <Text size="xs">equals that file’s</Text>
            <Select
              size="xs"
              w={180}
              searchable
              aria-label={`Key column of ${via.file}`}
              allowDeselect={false}
              data={keyOptions}
              value={via.key}
              onChange={(v) => v && setRelation(info.id, { column: via.column, file: via.file, key: v })}
            />
          </>
        )}
      </Group>
      {via && (
        <Text size="xs" c={rate !== undefined && rate < 0.9 ? 'orange' : 'dimmed'} data-testid="relation-match">
          {rate !== undefined
            ? `${Math.round(rate * 100)} % of the sampled “${via.column}” values are found in ${via.file} (its “${via.key}” column).`
            : `Chosen by hand.`}{' '}
          Rows whose “{via.column}” is not in {via.file} are rejected and listed with their line.
        </Text>
      )}
    </Stack>
  );
}

/** One file: what it is, how it is read, and which column plays which role. */
export function FileMappingCard({ entry }: { entry: FileEntry }) {
  const engine = useEngine();
  const { setEntity, setColumn, setInclude, remove } = useImportStore.getState();
  const { info, mapping } = entry;
  const spec = entitySpec(mapping.entity);
  const columnOptions = info.columns.map((c) => ({ value: c.name, label: c.name }));
  const problem = mappingProblem(entry);
  const dateUse = exportDateUse(mapping);
  return (
    <Card withBorder padding="sm" data-testid={`file-card-${info.name}`} opacity={entry.include ? 1 : 0.6}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            <Switch
              size="xs"
              aria-label={`Include ${info.name}`}
              checked={entry.include}
              onChange={(e) => setInclude(engine, info.id, e.currentTarget.checked)}
            />
            <Text fw={600} truncate title={info.name}>
              {info.name}
            </Text>
            {mapping.confidence && (
              <Badge size="xs" variant="light" color={CONFIDENCE_COLOR[mapping.confidence]}>
                {mapping.confidence} confidence
              </Badge>
            )}
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Select
              size="xs"
              w={250}
              aria-label={`Entity of ${info.name}`}
              data-testid="entity-select"
              value={mapping.entity}
              allowDeselect={false}
              data={ENTITIES.map((e) => ({ value: e.id, label: e.label }))}
              onChange={(v) => v && void setEntity(engine, info.id, v as EntityId)}
            />
            <CloseButton aria-label={`Remove ${info.name}`} onClick={() => void remove(engine, info.id)} />
          </Group>
        </Group>
        <ReadOptionsRow entry={entry} />
        {mapping.entity !== 'accounts' && spec.fields.some((f) => f.role === 'account_id') && (
          <RelationRow entry={entry} />
        )}
        <Table withRowBorders={false} verticalSpacing={2} fz="xs">
          <Table.Tbody>
            {spec.fields
              .filter((f) => !(f.role === 'account_id' && mapping.via))
              .map((f) => {
                const column = mapping.columns[f.role] ?? null;
                const samples = column
                  ? (info.columns
                      .find((c) => c.name === column)
                      ?.samples.filter((v) => v !== '')
                      .slice(0, 3) ?? [])
                  : [];
                return (
                  <Table.Tr key={f.role}>
                    <Table.Td w={170}>
                      <Text size="xs">
                        {f.label}
                        {f.required && (
                          <Text span c="red">
                            {' '}
                            *
                          </Text>
                        )}
                      </Text>
                    </Table.Td>
                    <Table.Td w={230}>
                      <Select
                        size="xs"
                        aria-label={`${f.label} column`}
                        placeholder="— not in this file —"
                        clearable={!f.required}
                        searchable
                        data={columnOptions}
                        value={column}
                        onChange={(v) => setColumn(info.id, f.role, v)}
                      />
                    </Table.Td>
                    <Table.Td>
                      {column && f.type === 'date' ? (
                        <DateFormatCell entry={entry} role={f.role} column={column} />
                      ) : (
                        <Text size="xs" c="dimmed" truncate>
                          {samples.join(' · ')}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
          </Table.Tbody>
        </Table>
        {dateUse && <ExportDateRow entry={entry} use={dateUse} />}
        {(mapping.entity === 'usage_daily' || mapping.entity === 'usage_events') && (
          <KeepDuplicatesSwitch entry={entry} />
        )}
        <ExtraColumnsField entry={entry} />
        {/* The relation's own note is what the relation row already says, with its match rate. */}
        {mapping.notes
          ?.filter((n) => !(mapping.via && n.startsWith('Account found through')))
          .map((n) => (
            <Text key={n} size="xs" c="dimmed">
              {n}
            </Text>
          ))}
        {mapping.entity === 'usage_events' && (
          <Text size="xs" c="dimmed">
            Events become daily usage: distinct users → active users, login-like events → logins, distinct event names →
            features used.
          </Text>
        )}
        {entry.include && problem && (
          <Text size="xs" c="red" data-testid="mapping-problem">
            {problem}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
