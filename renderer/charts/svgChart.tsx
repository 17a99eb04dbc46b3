/**
 * Shared pieces of the two overview charts, drawn as plain SVG by React: they
 * change on every slider move, and a Plotly update of each took 25–45 ms of
 * the main thread on a 2-core machine, more than the whole budget for
 * "key press to updated chart". Plotly stays for the curves and the other
 * views, which change less often and benefit from its zoom and hover.
 */
import type { ReactNode } from 'react';

export const CHART_FONT = { fontFamily: 'Inter, system-ui, sans-serif', fontSize: 12, fill: '#343a40' } as const;
export const GRID = '#e9ecef';

export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const plotWidth = (f: Frame) => Math.max(1, f.width - f.left - f.right);
export const plotHeight = (f: Frame) => Math.max(1, f.height - f.top - f.bottom);

/** Horizontal grid lines with their values on the left, and the axis title turned up the side. */
export function YAxis({
  frame,
  ticks,
  top,
  title,
  format = String,
}: {
  frame: Frame;
  ticks: number[];
  top: number;
  title: string;
  format?: (v: number) => string;
}) {
  const h = plotHeight(frame);
  const y = (v: number) => frame.top + h - (v / top) * h;
  return (
    <g>
      {ticks.map((t) => (
        <g key={t}>
          <line
            x1={frame.left}
            x2={frame.width - frame.right}
            y1={y(t)}
            y2={y(t)}
            stroke={t === 0 ? '#adb5bd' : GRID}
          />
          <text x={frame.left - 6} y={y(t)} textAnchor="end" dominantBaseline="middle" {...CHART_FONT}>
            {format(t)}
          </text>
        </g>
      ))}
      <text
        transform={`translate(14 ${frame.top + h / 2}) rotate(-90)`}
        textAnchor="middle"
        dominantBaseline="middle"
        {...CHART_FONT}
        fontSize={13}
      >
        {title}
      </text>
    </g>
  );
}

export function ChartSvg({ frame, label, children }: { frame: Frame; label: string; children: ReactNode }) {
  return (
    <svg
      width={frame.width}
      height={frame.height}
      role="img"
      aria-label={label}
      style={{ display: 'block', overflow: 'visible' }}
    >
      {children}
    </svg>
  );
}
