import type { EvaluationResult, TierScheme } from '../../engine/core/api/schema.js';
import { formatCount, formatPct } from '../format.js';
import { axisTicks } from './axisTicks.js';
import { CHART_FONT, ChartSvg, YAxis, plotHeight, plotWidth, type Frame } from './svgChart.js';
import { useElementWidth } from './useElementWidth.js';

const HEIGHT = 260;

/** Share of snapshots in each tier that churned within the horizon: worse tiers should be taller. */
export function ChurnByTier({ result, scheme }: { result: EvaluationResult; scheme: TierScheme }) {
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const stats = result.backtest.tiers;
  const frame: Frame = { width, height: HEIGHT, left: 56, right: 16, top: 36, bottom: 28 };
  const { ticks, top } = axisTicks(Math.max(0, ...stats.map((s) => (s.churnRate ?? 0) * 100)));
  const w = plotWidth(frame);
  const h = plotHeight(frame);
  const slot = w / Math.max(1, stats.length);
  const y = (pct: number) => frame.top + h - (pct / top) * h;
  return (
    <div ref={ref} data-testid="chart-churn-by-tier" style={{ width: '100%', height: HEIGHT }}>
      <ChartSvg frame={frame} label="Churn rate by tier">
        <YAxis
          frame={frame}
          ticks={ticks}
          top={top}
          title={`${result.backtest.oneMoment !== undefined ? `Churned by ${result.backtest.oneMoment}` : `Churned within ${result.backtest.horizonDays} days`} (%)`}
        />
        {stats.map((s, i) => {
          const tier = scheme.tiers.find((t) => t.id === s.tierId);
          const pct = (s.churnRate ?? 0) * 100;
          const cx = frame.left + slot * (i + 0.5);
          const bw = slot * 0.8;
          return (
            <g key={s.tierId} className="bar" data-tier={s.tierId}>
              <rect
                x={cx - bw / 2}
                width={bw}
                y={y(pct)}
                height={Math.max(0, frame.top + h - y(pct))}
                fill={tier?.color ?? '#868e96'}
              >
                <title>{`${tier?.name ?? s.tierId}: ${formatPct(s.churnRate)} churned (${formatCount(s.churned)} of ${formatCount(s.count)})`}</title>
              </rect>
              <text x={cx} y={y(pct) - 20} textAnchor="middle" {...CHART_FONT}>
                {formatPct(s.churnRate)}
              </text>
              <text x={cx} y={y(pct) - 6} textAnchor="middle" {...CHART_FONT}>{`n=${formatCount(s.count)}`}</text>
              <text x={cx} y={frame.top + h + 18} textAnchor="middle" {...CHART_FONT}>
                {tier?.name ?? s.tierId}
              </text>
            </g>
          );
        })}
      </ChartSvg>
    </div>
  );
}
