import {
  Alert,
  Button,
  Checkbox,
  FileButton,
  Group,
  List,
  Modal,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useState } from 'react';
import type { ApprovedConfig } from '../../engine/core/api/schema.js';
import type { ConfigProblem } from '../../engine/core/config/validateConfig.js';
import { useEngine } from '../api/engineContext.js';
import { useModelStore } from '../state/modelStore.js';
import { download } from '../download.js';
import { openConfigFile } from '../openConfigFile.js';
import { useVerdict, Verdict } from './Verdict.js';

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'configuration';

/** Import a configuration file (every problem listed with its JSON path), export one, or approve and export. */
export function ConfigFiles() {
  const engine = useEngine();
  const config = useModelStore((s) => s.config);
  const backtest = useModelStore((s) => s.backtest);
  const load = useModelStore((s) => s.load);
  const [problems, setProblems] = useState<{ file: string; list: ConfigProblem[] } | null>(null);
  const [approving, setApproving] = useState(false);
  const [form, setForm] = useState({ approver: '', note: '' });
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ApprovedConfig | null>(null);
  const [error, setError] = useState<string | null>(null);
  const verdict = useVerdict();
  // The engine judges the last snapshot date; its refusal also asks for the acknowledgement.
  const serious = verdict?.overall === 'serious' || (error?.includes('explicit acknowledgement') ?? false);
  const [acknowledged, setAcknowledged] = useState(false);
  if (!config) return null;

  const importFile = async (file: File | null) => {
    if (!file) return;
    const opened = await openConfigFile(await file.text(), backtest);
    if (!opened.ok) {
      setProblems({ file: file.name, list: opened.problems });
      return;
    }
    setProblems(null);
    load({ config: opened.config, backtest: opened.backtest });
  };

  const exportSql = async () => {
    setError(null);
    try {
      // Episodes at the backtest's grace period, as the frame on screen.
      const grace = backtest.graceDays !== undefined ? { graceDays: backtest.graceDays } : {};
      const { sql } = await engine.exportSql({ config, ...grace });
      download(`${slug(config.name)}.sql`, sql, 'application/sql');
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  const approve = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await engine.approveConfig({
        config,
        backtest,
        approver: form.approver,
        note: form.note,
        acknowledgeSerious: serious && acknowledged,
      });
      download(`${slug(config.name)}.approved.json`, `${JSON.stringify(result, null, 2)}\n`);
      setDone(result);
      setApproving(false);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap={6}>
      <SimpleGrid cols={2} spacing={4} verticalSpacing={4}>
        <FileButton onChange={(f) => void importFile(f)} accept="application/json,.json">
          {(props) => (
            <Button size="xs" variant="default" {...props} data-testid="config-import">
              Import…
            </Button>
          )}
        </FileButton>
        <Button
          size="xs"
          variant="default"
          onClick={() => download(`${slug(config.name)}.json`, `${JSON.stringify(config, null, 2)}\n`)}
          data-testid="config-export"
        >
          Export
        </Button>
        <Button
          size="xs"
          variant="default"
          onClick={() => void exportSql()}
          title="One SQL query that scores accounts in a warehouse (DuckDB, PostgreSQL)"
          data-testid="config-sql"
        >
          SQL
        </Button>
        <Button size="xs" variant="light" color="teal" onClick={() => setApproving(true)} data-testid="config-approve">
          Approve…
        </Button>
      </SimpleGrid>
      {problems && (
        <Alert
          color="red"
          title={`${problems.file} was not imported`}
          withCloseButton
          onClose={() => setProblems(null)}
          data-testid="import-problems"
        >
          <List size="xs">
            {problems.list.map((p) => (
              <List.Item key={`${p.path}:${p.message}`}>
                <b>{p.path}</b>: {p.message}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {done && (
        <Alert color="teal" withCloseButton onClose={() => setDone(null)} data-testid="approved-notice">
          <Text size="xs">
            Approved by {done.approval.approver}; hash {done.configSha256.slice(0, 12)}…; data{' '}
            {done.data.sha256.slice(0, 12)}…. Run it headless with{' '}
            <code>npx health-workbench backtest --data DIR --config FILE</code>.
          </Text>
        </Alert>
      )}
      {error && !approving && (
        <Alert color="red" withCloseButton onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
      <Modal opened={approving} onClose={() => setApproving(false)} title="Approve and export this configuration">
        <Stack gap="sm">
          <Text size="sm">
            The file records the configuration and backtest design, you as approver, the time, a SHA-256 of the
            configuration, a fingerprint of the data it was validated on, and the backtest metrics now — so anyone can
            re-run it and check they reproduce.
          </Text>
          <TextInput
            label="Approver"
            required
            value={form.approver}
            onChange={(e) => setForm({ ...form, approver: e.currentTarget.value })}
            data-testid="approver"
            autoFocus
          />
          <Textarea
            label="Note"
            autosize
            minRows={2}
            value={form.note}
            onChange={(e) => setForm({ ...form, note: e.currentTarget.value })}
            data-testid="approval-note"
          />
          {serious && (
            <>
              <Verdict verdict={verdict} compact />
              <Checkbox
                label="I have read the serious findings and approve anyway (recorded in the file)"
                checked={acknowledged}
                onChange={(e) => setAcknowledged(e.currentTarget.checked)}
                data-testid="approve-acknowledge"
              />
            </>
          )}
          {error && <Alert color="red">{error}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setApproving(false)}>
              Cancel
            </Button>
            <Button
              color="teal"
              onClick={() => void approve()}
              loading={busy}
              disabled={!form.approver.trim() || (serious && !acknowledged)}
              data-testid="approve-confirm"
            >
              Approve and export
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
