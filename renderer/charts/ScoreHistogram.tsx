import { useMemo } from 'react';
import { tierOfBins } from '../../engine/core/scoring/tiers.js';
import type { EvaluationResult, TierScheme } from '../../engine/core/api/schema.js';
import { formatCount } from '../format.js';
import { axisTicks } from './axisTicks.js';
import { CHART_FONT, ChartSvg, YAxis, plotHeight, plotWidth, type Frame } from './svgChart.js';
import { useElementWidth } from './useElementWidth.js';

const HEIGHT = 260;
const X_TICKS = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100];

/** Accounts per score point at the as-of month, coloured by tier, with the cut points drawn on. */
export function ScoreHistogram({ result, scheme }: { result: EvaluationResult; scheme: TierScheme }) {
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const bins = result.portfolio.histogram;
  const tierOf = useMemo(() => tierOfBins(scheme), [scheme]);
  const frame: Frame = { width, height: HEIGHT, left: 56, right: 16, top: 22, bottom: 44 };
  const { ticks, top } = axisTicks(Math.max(1, ...bins));
  const w = plotWidth(frame);
  const h = plotHeight(frame);
  const x = (score: number) => frame.left + (score / 101) * w;
  const y = (count: number) => frame.top + h - (count / top) * h;
  const barWidth = Math.max(0.5, (w / 101) * 0.95);
  return (
    <div ref={ref} data-testid="chart-histogram" style={{ width: '100%', height: HEIGHT }}>
      <ChartSvg frame={frame} label="Accounts by health score, coloured by tier">
        <YAxis frame={frame} ticks={ticks} top={top} title="Accounts" format={formatCount} />
        {bins.map((n, b) => {
          if (n === 0) return null;
          const tier = scheme.tiers[tierOf[b]!];
          return (
            <rect
              key={b}
              className="bar"
              data-bin={b}
              x={x(b)}
              width={barWidth}
              y={y(n)}
              height={Math.max(0, frame.top + h - y(n))}
              fill={tier?.color ?? '#868e96'}
            >
              <title>{`${tier?.name ?? ''}: score ${b}–${b + 1}, ${formatCount(n)} accounts`}</title>
            </rect>
          );
        })}
        {X_TICKS.map((t) => (
          <text key={t} x={x(t)} y={frame.top + h + 16} textAnchor="middle" {...CHART_FONT}>
            {t}
          </text>
        ))}
        <text x={frame.left + w / 2} y={HEIGHT - 6} textAnchor="middle" {...CHART_FONT} fontSize={13}>
          Health score
        </text>
        {scheme.tiers.slice(0, -1).map((t) => (
          <g key={t.id} className="cut" data-cut={t.min}>
            <line
              x1={x(t.min)}
              x2={x(t.min)}
              y1={frame.top}
              y2={frame.top + h}
              stroke="#212529"
              strokeWidth={1.5}
              strokeDasharray="5 4"
            />
            <text x={x(t.min)} y={frame.top - 6} textAnchor="middle" {...CHART_FONT} fontSize={11}>
              {t.min}
            </text>
          </g>
        ))}
      </ChartSvg>
    </div>
  );
}
