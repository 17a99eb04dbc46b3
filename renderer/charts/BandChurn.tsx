/** A small bar chart: churn rate in each value band of one signal, lowest values on the left. */
import type { PredictorInsight } from '../../engine/core/api/schema.js';
import { formatCount, formatPct } from '../format.js';
import { CHART_FONT } from './svgChart.js';

/** A band's value range in few digits. */
export const bandRange = (lo: number, hi: number): string => {
  const f = (v: number) => (Math.abs(v) >= 1000 ? v.toFixed(0) : Number(v.toPrecision(3)).toString());
  return lo === hi ? f(lo) : `${f(lo)}–${f(hi)}`;
};

export function BandChurn({
  bands,
  width = 160,
  height = 36,
  labels = false,
  top: sharedTop,
  testId,
}: {
  bands: PredictorInsight['bands'];
  width?: number;
  height?: number;
  /** Value ranges under the bars and rates above them (the editor); off in the table, where the bars alone compare. */
  labels?: boolean;
  /** The churn rate at full height: shared by a table's rows so their bars compare; default this chart's highest. */
  top?: number;
  testId?: string;
}) {
  if (bands.length === 0) return null;
  const top = Math.max(sharedTop ?? 0, ...bands.map((b) => b.churnRate), 0.01);
  const padTop = labels ? 16 : 2;
  const padBottom = labels ? 14 : 0;
  const h = height - padTop - padBottom;
  const slot = width / bands.length;
  return (
    <svg width={width} height={height} role="img" aria-label="Churn rate by value band" data-testid={testId}>
      <line x1={0} x2={width} y1={padTop + h} y2={padTop + h} stroke="#adb5bd" />
      {bands.map((b, i) => {
        const bh = (b.churnRate / top) * h;
        const x = slot * i + slot * 0.1;
        return (
          <g key={i}>
            <rect x={x} width={slot * 0.8} y={padTop + h - bh} height={bh} fill="#fa5252" opacity={0.75}>
              <title>{`${bandRange(b.lo, b.hi)}: ${formatPct(b.churnRate)} churned (${formatCount(b.churned)} of ${formatCount(b.count)} snapshots)`}</title>
            </rect>
            {labels && (
              <>
                <text x={x + slot * 0.4} y={padTop + h - bh - 3} textAnchor="middle" {...CHART_FONT} fontSize={10}>
                  {formatPct(b.churnRate)}
                </text>
                <text x={x + slot * 0.4} y={height - 3} textAnchor="middle" {...CHART_FONT} fontSize={9}>
                  {bandRange(b.lo, b.hi)}
                </text>
              </>
            )}
          </g>
        );
      })}
    </svg>
  );
}
