/** Current vs fitted on the held-out months: ranking quality and the at-risk set at each one's cut, with 95 % intervals. */
import { Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { ScorecardFitResult } from '../../../engine/core/api/schema.js';
import { formatCount, formatPct, formatRatio } from '../../format.js';

type Judged = ScorecardFitResult['current'];
type Interval = [number, number] | null | undefined;

const ratioSpan = (i: Interval) => (i ? `${formatRatio(i[0])}–${formatRatio(i[1])}` : 'no interval');
const pctSpan = (i: Interval) => (i ? `${formatPct(i[0])}–${formatPct(i[1])}` : 'no interval');
const signed = (x: number | null) => (x === null ? '—' : `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`);

function Cell({
  value,
  exact,
  interval,
  testId,
  strong,
}: {
  value: string;
  /** The full-precision figure behind the rounded one. */
  exact: number | null | undefined;
  interval: string;
  testId: string;
  strong?: boolean;
}) {
  return (
    <Table.Td ta="right">
      <Text size="sm" fw={strong ? 700 : 500} data-testid={testId} data-value={exact ?? ''}>
        {value}
      </Text>
      <Text size="10px" c="dimmed">
        {interval}
      </Text>
    </Table.Td>
  );
}

export function HeldOutComparison({
  fit,
  cuts,
  improved,
}: {
  fit: ScorecardFitResult;
  /** Each one's at-risk rule in words. */
  cuts: { current: string; fitted: string };
  /** Only a proven gain is shown as the stronger figure. */
  improved: boolean;
}) {
  const row = (label: string, meaning: string, cell: (j: Judged, which: 'current' | 'fitted') => ReactNode) => (
    <Table.Tr>
      <Table.Th scope="row" fw={500}>
        <Text size="sm">{label}</Text>
        <Text size="10px" c="dimmed" fw={400}>
          {meaning}
        </Text>
      </Table.Th>
      {cell(fit.current, 'current')}
      {cell(fit.fitted, 'fitted')}
    </Table.Tr>
  );
  return (
    <Table fz="sm" withTableBorder verticalSpacing={6} data-testid="scorecard-held-out">
      <Table.Caption>
        Ranges are 95 % intervals, resampling whole accounts. Each column flags accounts by its own model’s at-risk
        rule.
      </Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th />
          <Table.Th ta="right">Current model</Table.Th>
          <Table.Th ta="right">Fitted scorecard</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {row('ROC AUC', 'chance a churner scores below a stayer (0.5 = coin toss)', (j, w) => (
          <Cell
            value={formatRatio(j.auc)}
            exact={j.auc}
            interval={ratioSpan(j.aucInterval)}
            testId={`scorecard-auc-${w}`}
            strong={w === 'fitted' && improved}
          />
        ))}
        {row('At-risk rule', 'the cut that sends accounts to the playbook', (j, w) => (
          <Table.Td ta="right">
            <Text size="xs">{cuts[w]}</Text>
            <Text size="10px" c="dimmed">
              {j.atCut ? `${formatCount(j.atCut.flagged)} snapshots flagged` : ''}
            </Text>
          </Table.Td>
        ))}
        {row('Precision at the cut', 'share of flagged accounts that churned', (j, w) => (
          <Cell
            value={formatPct(j.atCut?.precision)}
            exact={j.atCut?.precision}
            interval={pctSpan(j.atCut?.precisionInterval)}
            testId={`scorecard-precision-${w}`}
          />
        ))}
        {row('Recall at the cut', 'share of churners flagged in time', (j, w) => (
          <Cell
            value={formatPct(j.atCut?.recall)}
            exact={j.atCut?.recall}
            interval={pctSpan(j.atCut?.recallInterval)}
            testId={`scorecard-recall-${w}`}
          />
        ))}
        <Table.Tr>
          <Table.Th scope="row" fw={500}>
            <Text size="sm">AUC gain</Text>
            <Text size="10px" c="dimmed" fw={400}>
              fitted − current, the same resampled accounts scoring both
            </Text>
          </Table.Th>
          <Table.Td colSpan={2} ta="right">
            <Text size="sm" fw={600} data-testid="scorecard-gain">
              {signed(fit.heldOut.gain)}
            </Text>
            <Text size="10px" c="dimmed" data-testid="scorecard-gain-interval">
              {fit.heldOut.gainInterval
                ? `${signed(fit.heldOut.gainInterval[0])} to ${signed(fit.heldOut.gainInterval[1])}`
                : 'no interval'}
            </Text>
          </Table.Td>
        </Table.Tr>
      </Table.Tbody>
    </Table>
  );
}
