/**
 * Round tick values from 0 to at least `max` (1, 2 or 5 × 10^k apart, about
 * `count` of them): what a reader expects on a count or percentage axis.
 */
export function axisTicks(max: number, count = 5): { ticks: number[]; top: number } {
  const span = max > 0 && Number.isFinite(max) ? max : 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const top = Math.ceil(span / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0; i * step <= top + step * 1e-9; i++) ticks.push(Number((i * step).toPrecision(12)));
  return { ticks, top };
}
