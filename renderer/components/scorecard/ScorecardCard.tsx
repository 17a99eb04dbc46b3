/**
 * "Fit a scorecard": the whole configuration fitted on earlier month-ends and
 * judged on later ones (the engine's fitScorecard, as `health-workbench
 * suggest` runs it), shown against the current model with the same guard as
 * suggested weights: no proven gain, no claim of one.
 */
import { Alert, Button, Group, Paper, Progress, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { BacktestSettings, ModelConfig, ScorecardResponse } from '../../../engine/core/api/schema.js';
import { useEngine } from '../../api/engineContext.js';
import { formatCount } from '../../format.js';
import { useModelStore } from '../../state/modelStore.js';
import { useScenarioStore } from '../../state/scenarioStore.js';
import { cutWords } from './cutWords.js';
import { FittedSummary } from './FittedSummary.js';
import { HeldOutComparison } from './HeldOutComparison.js';

const VERDICT = {
  better: { color: 'green', title: 'Better on months it never saw' },
  'within-noise': { color: 'gray', title: 'Not a proven improvement' },
  worse: { color: 'red', title: 'Worse than the current model' },
  'not-judged': { color: 'yellow', title: 'Too few churners in the held-out months to judge' },
} as const;

type Fitted = { response: ScorecardResponse; config: ModelConfig; backtest: BacktestSettings; key: string };
type State =
  | { kind: 'idle' }
  | { kind: 'fitting'; since: number }
  | { kind: 'done'; fitted: Fitted }
  | { kind: 'error'; message: string };

const designKey = (config: ModelConfig, backtest: BacktestSettings) => JSON.stringify([config, backtest]);

function Fitting({ since }: { since: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, []);
  return (
    <Stack gap={4} data-testid="scorecard-progress" role="status">
      <Progress value={100} animated striped size="sm" aria-label="Fitting the scorecard" />
      <Text size="xs" c="dimmed">
        Binning every signal, fitting the weights and judging on the held-out months with 1,000 resamples…{' '}
        {Math.floor((now - since) / 1000)} s (a few seconds on 5,000 accounts).
      </Text>
    </Stack>
  );
}

export function ScorecardCard() {
  const engine = useEngine();
  const config = useModelStore((s) => s.config);
  const backtest = useModelStore((s) => s.backtest);
  const saveScenario = useScenarioStore((s) => s.save);
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [name, setName] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  if (!config) return null;

  const fit = async () => {
    setState({ kind: 'fitting', since: Date.now() });
    setSaved(null);
    try {
      const response = await engine.fitScorecard({ config, backtest });
      if (response.status === 'fitted') setName(response.fit.config.name);
      setState({ kind: 'done', fitted: { response, config, backtest, key: designKey(config, backtest) } });
    } catch (err) {
      setState({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  };

  const done = state.kind === 'done' ? state.fitted : null;
  const r = done?.response.status === 'fitted' ? done.response.fit : null;
  const verdict = r?.heldOut.verdict ?? 'not-judged';
  const stale = done !== null && done.key !== designKey(config, backtest);
  // The scenario's backtest is the design it was judged in, with the fitted cut points as its at-risk rule and
  // its fitting months, so a backtest over them warns that it flatters the fit.
  const save = () => {
    if (!r || !done) return;
    const s = saveScenario(name, {
      config: r.config,
      backtest: {
        ...done.backtest,
        atRiskBelow: null,
        fittedOn: r.trainMonths && { ...r.trainMonths, fitted: 'scorecard' },
      },
    });
    setSaved(s.name);
  };

  return (
    <Paper withBorder p="md" radius="md" data-testid="scorecard-card">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>
            <Title order={5}>Fit a scorecard</Title>
            <Text size="xs" c="dimmed" maw={680}>
              Builds a whole configuration from the data, the way credit-risk scorecards are built: each signal cut into
              bands whose churn moves one way only, points per band, category weights from a logistic regression of
              churn within {backtest.horizonDays} days, and cut points. Fitted on earlier month-ends, judged on the last
              third of the window, which it never sees.
            </Text>
          </div>
          <Button size="xs" onClick={() => void fit()} loading={state.kind === 'fitting'} data-testid="fit-scorecard">
            {done ? 'Fit again' : 'Fit a scorecard'}
          </Button>
        </Group>
        <div aria-live="polite">
          {state.kind === 'fitting' && <Fitting since={state.since} />}
          {state.kind === 'error' && (
            <Alert color="red" title="Could not fit a scorecard">
              {state.message}
            </Alert>
          )}
          {done?.response.status === 'too-few-churners' && (
            <Stack gap={4} align="center" py="md" data-testid="scorecard-empty">
              <Text fw={600}>Too few churners to fit a scorecard</Text>
              <Text size="sm" c="dimmed" ta="center" maw={560}>
                {done.response.text}
              </Text>
            </Stack>
          )}
        </div>
        {r && (
          <Stack gap="sm" data-testid="scorecard-result">
            {stale && (
              <Text size="xs" c="orange" data-testid="scorecard-stale">
                The model or the backtest design changed since this fit: “Current model” is the model as it was. Fit
                again to compare with the model as it is now.
              </Text>
            )}
            <Text size="sm" data-testid="scorecard-periods">
              Fitted on <b>{r.trainMonths ? `${r.trainMonths.from} – ${r.trainMonths.to}` : '—'}</b> (
              {formatCount(r.trainSnapshots)} snapshots), judged on{' '}
              <b>{r.testMonths ? `${r.testMonths.from} – ${r.testMonths.to}` : '—'}</b> ({formatCount(r.testSnapshots)}{' '}
              snapshots).
            </Text>
            <Alert
              color={VERDICT[verdict].color}
              title={VERDICT[verdict].title}
              data-testid="scorecard-verdict"
              data-verdict={verdict}
            >
              {r.heldOut.text}
            </Alert>
            <HeldOutComparison
              fit={r}
              improved={verdict === 'better'}
              cuts={{
                current: cutWords(done!.config.tiers, done!.backtest),
                fitted: cutWords(r.config.tiers, { ...done!.backtest, atRiskBelow: null }),
              }}
            />
            <FittedSummary fit={r} />
            {verdict === 'worse' ? (
              <Text size="xs" c="dimmed" data-testid="save-scorecard-withheld">
                Not offered as a scenario: this scorecard ranks the held-out months worse than the current model.
              </Text>
            ) : (
              <Group gap="xs" align="flex-end">
                <TextInput
                  size="xs"
                  w={340}
                  label="Scenario name"
                  value={name}
                  onChange={(e) => setName(e.currentTarget.value)}
                  onKeyDown={(e) => e.key === 'Enter' && name.trim() && save()}
                  data-testid="scorecard-scenario-name"
                />
                <Button
                  size="xs"
                  variant={verdict === 'better' ? 'filled' : 'default'}
                  disabled={!name.trim()}
                  onClick={save}
                  data-testid="save-scorecard"
                >
                  {verdict === 'better' ? 'Save as scenario' : 'Save as scenario (no proven gain)'}
                </Button>
              </Group>
            )}
            {saved && (
              <Text size="xs" c="green.8" data-testid="scorecard-saved" role="status">
                Saved as scenario “{saved}”. Load it from the Scenario menu or set it beside the current model in
                Compare; its backtest warns wherever the window overlaps the fitting months.
              </Text>
            )}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
