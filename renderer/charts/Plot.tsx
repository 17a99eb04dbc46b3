/** Thin wrapper over Plotly.react: one div, updated in place, purged on unmount. */
import Plotly from 'plotly.js-basic-dist-min';
import { useEffect, useRef } from 'react';
import type { Config, Data, Layout } from 'plotly.js';

const CONFIG: Partial<Config> = {
  displaylogo: false,
  responsive: true,
  modeBarButtonsToRemove: ['select2d', 'lasso2d', 'autoScale2d'],
};

const BASE_LAYOUT: Partial<Layout> = {
  margin: { l: 48, r: 16, t: 8, b: 40 },
  paper_bgcolor: 'rgba(0,0,0,0)',
  plot_bgcolor: 'rgba(0,0,0,0)',
  font: { family: 'Inter, system-ui, sans-serif', size: 12, color: '#343a40' },
  showlegend: false,
};

export function Plot({
  data,
  layout,
  height = 260,
  testId,
}: {
  data: Data[];
  layout?: Partial<Layout>;
  height?: number;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  // The last draw still running: a purge during it (a view closed mid-draw) left its auto-margin
  // redraw reading a layout that was gone ("_redrawFromAutoMarginCount" of undefined).
  const drawing = useRef<Promise<unknown>>(Promise.resolve());
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    drawing.current = drawing.current
      .then(() => Plotly.react(el, data, { ...BASE_LAYOUT, height, ...layout }, CONFIG))
      .catch((e: unknown) => console.error('chart not drawn', e));
  }, [data, layout, height]);
  useEffect(() => {
    const el = ref.current;
    return () => {
      if (el) void drawing.current.then(() => Plotly.purge(el));
    };
  }, []);
  return <div ref={ref} data-testid={testId} style={{ width: '100%', height }} />;
}
