import { Alert, Button, FileButton, Group, Modal, Progress, ScrollArea, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { formatCount } from '../../format.js';
import { download } from '../../download.js';
import { useEngine } from '../../api/engineContext.js';
import { useEngineQuery } from '../../api/useEngineQuery.js';
import { importBlocker, useImportStore } from '../../state/importStore.js';
import { FileMappingCard } from './FileMappingCard.js';

const mb = (b: number) => `${(b / 1e6).toFixed(b < 1e7 ? 1 : 0)} MB`;
const ACCEPT = '.csv,.tsv,.txt,.gz,.parquet,.json,.ndjson,.jsonl,.xlsx';

/** A folder picker: the browser's directory input (Electron uses the native dialog instead). */
function FolderInput({ onFiles }: { onFiles: (files: File[]) => void }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    ref.current?.setAttribute('webkitdirectory', '');
  }, []);
  return (
    <>
      <input
        ref={ref}
        type="file"
        hidden
        multiple
        data-testid="folder-input"
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []).filter(
            (f) => /\.(csv|tsv|txt|gz|parquet|json|ndjson|jsonl|xlsx)$/i.test(f.name) && !f.name.startsWith('.'),
          );
          e.currentTarget.value = '';
          onFiles(files);
        }}
      />
      <Button variant="default" size="xs" onClick={() => ref.current?.click()}>
        Choose a folder…
      </Button>
    </>
  );
}

function ImportProgress() {
  const engine = useEngine();
  const status = useImportStore((s) => s.status);
  const cancel = useImportStore((s) => s.cancel);
  if (!status || status.state !== 'running') return null;
  return (
    <Stack gap={4} data-testid="import-progress">
      <Group justify="space-between">
        <Text size="sm" data-testid="import-step">
          {status.step}
          {status.bytes !== undefined && status.bytesTotal ? ` · ${mb(status.bytes)} of ${mb(status.bytesTotal)}` : ''}
          {status.rows ? ` · ${formatCount(status.rows)} rows` : ''}
        </Text>
        <Button size="xs" variant="light" color="red" onClick={() => void cancel(engine)}>
          Cancel
        </Button>
      </Group>
      <Progress value={status.fraction * 100} animated aria-label="Import progress" />
    </Stack>
  );
}

/** Add export files, confirm what each one is and how its columns map, then load them. */
export function ImportDialog() {
  const engine = useEngine();
  const { open, files, busy, error, notice, status, proposing } = useImportStore();
  const { setOpen, add, choose, applyMapping, mappingFile, start } = useImportStore.getState();
  const [dragging, setDragging] = useState(false);
  // The mapping the current data was loaded with (saved in the workspace): next month's files in one click.
  const project = useEngineQuery('getProject', open ? {} : null);
  const lastMapping = !project.error && project.data?.mapping ? JSON.stringify(project.data.mapping) : null;
  // While the engine works out how the files relate, their mappings may still change: load what it proposes.
  const blocker = proposing ? 'Working out how the files relate to each other…' : importBlocker(files);
  const running = status?.state === 'running';
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void add(engine, Array.from(e.dataTransfer.files));
  };
  const chosen = files.filter((f) => f.include).length;
  return (
    <Modal
      opened={open}
      onClose={() => !running && setOpen(false)}
      title="Load exports"
      size="90%"
      closeOnClickOutside={!running}
      data-testid="import-dialog"
    >
      <Stack gap="sm">
        <div
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="dropzone"
          style={{
            border: `2px dashed var(--mantine-color-${dragging ? 'blue-5' : 'gray-4'})`,
            borderRadius: 8,
            padding: 16,
            background: dragging ? 'var(--mantine-color-blue-0)' : undefined,
          }}
        >
          <Group justify="space-between">
            <Stack gap={2}>
              <Text fw={600}>Drop export files here</Text>
              <Text size="xs" c="dimmed">
                CSV or TSV (any delimiter, UTF-8 or Latin-1, .gz too), Parquet, JSON or NDJSON, XLSX. One file must be
                the accounts list; usage, tickets, billing, surveys, churn or renewals and CSM overrides are checked
                against it. Nothing leaves this computer.
              </Text>
            </Stack>
            <Group gap="xs" wrap="nowrap">
              {engine.chooseFiles ? (
                <>
                  <Button size="xs" variant="default" onClick={() => void choose(engine, false)}>
                    Choose files…
                  </Button>
                  <Button size="xs" variant="default" onClick={() => void choose(engine, true)}>
                    Choose a folder…
                  </Button>
                </>
              ) : (
                <>
                  <FileButton multiple accept={ACCEPT} onChange={(f) => void add(engine, f)}>
                    {(props) => (
                      <Button size="xs" variant="default" {...props} data-testid="choose-files">
                        Choose files…
                      </Button>
                    )}
                  </FileButton>
                  <FolderInput onFiles={(f) => void add(engine, f)} />
                </>
              )}
            </Group>
          </Group>
        </div>
        {(busy ?? proposing) && (
          <Text size="sm" c="dimmed" data-testid="import-busy">
            {busy ?? 'Reading the files’ values to find how they relate (which column holds another file’s key)…'}
          </Text>
        )}
        {error && (
          <Alert
            color="red"
            title="Could not load"
            withCloseButton
            onClose={() => useImportStore.setState({ error: null })}
            data-testid="import-error"
          >
            {error}
          </Alert>
        )}
        {notice && (
          <Alert color="blue" withCloseButton onClose={() => useImportStore.setState({ notice: null })}>
            {notice}
          </Alert>
        )}
        {files.length === 0 ? (
          <Text size="sm" c="dimmed" ta="center" py="xl">
            No files yet. Add this month’s exports; a saved mapping applies to them in one click.
          </Text>
        ) : (
          <ScrollArea.Autosize mah="55vh">
            <Stack gap="sm">
              {files.map((e) => (
                <FileMappingCard key={e.info.id} entry={e} />
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}
        <ImportProgress />
        <Group justify="space-between">
          <Group gap="xs">
            <FileButton accept="application/json,.json" onChange={(f) => f && void f.text().then(applyMapping)}>
              {(props) => (
                <Button size="xs" variant="subtle" disabled={files.length === 0} {...props}>
                  Apply a saved mapping…
                </Button>
              )}
            </FileButton>
            {lastMapping && (
              <Button
                size="xs"
                variant="subtle"
                disabled={files.length === 0}
                onClick={() => applyMapping(lastMapping)}
                data-testid="apply-last-mapping"
              >
                Apply the mapping last used
              </Button>
            )}
            <Button
              size="xs"
              variant="subtle"
              disabled={chosen === 0}
              onClick={() => download('mapping.json', `${JSON.stringify(mappingFile(), null, 2)}\n`)}
            >
              Save this mapping…
            </Button>
          </Group>
          <Group gap="xs">
            {blocker && files.length > 0 && (
              <Text size="xs" c="dimmed" data-testid="import-blocker">
                {blocker}
              </Text>
            )}
            <Button
              onClick={() => void start(engine)}
              disabled={blocker !== null || running}
              loading={running}
              data-testid="start-import"
            >
              Load {chosen} file{chosen === 1 ? '' : 's'}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}
