import { describe, expect, it, vi } from 'vitest';
import type { EngineRequest, EngineResponse } from '../../engine/core/api/schema.js';
import { DEFAULT_BACKTEST, DEFAULT_CONFIG } from '../../engine/core/model/defaults.js';
import { insightQuery } from '../../renderer/components/insight/useInsight.js';

type Request = EngineRequest<'insight'>;
type Response = EngineResponse<'insight'>;

/** An engine client whose insight answers the test releases by hand. */
function fakeEngine() {
  const pending: { request: Request; answer: (r: Response) => void }[] = [];
  const insight = vi.fn((request: Request) => new Promise<Response>((answer) => pending.push({ request, answer })));
  return { engine: { insight }, insight, pending };
}

const answer = (evaluated: number) => ({ evaluated, churned: 1, signals: [], categories: [], months: [] }) as Response;
const flush = () => new Promise((r) => setTimeout(r, 0));

/** What useInsight does in each card: listen, then ask with the model's params as this render built them. */
function card(engine: ReturnType<typeof fakeEngine>['engine'], weight: number) {
  const query = insightQuery(engine);
  const seen: number[] = [];
  const stop = query.subscribe(() => seen.push(query.getState().data?.evaluated ?? -1));
  const config = structuredClone(DEFAULT_CONFIG); // a new object each render, equal by value
  config.categories[0]!.weight = weight;
  config.categories[1]!.weight = 100 - weight - config.categories.slice(2).reduce((a, c) => a + c.weight, 0);
  const params = { config, backtest: { ...DEFAULT_BACKTEST } };
  query.ask(JSON.stringify([params.config, params.backtest]), params);
  return { stop, state: () => query.getState(), seen };
}

describe('the insight behind the category editor’s signal cards', () => {
  it('is asked for once however many cards show it, and every card reads that one answer', async () => {
    const { engine, insight, pending } = fakeEngine();
    const base = DEFAULT_CONFIG.categories[0]!.weight;
    const cards = Array.from({ length: 12 }, () => card(engine, base));
    expect(insight).toHaveBeenCalledTimes(1);
    pending[0]!.answer(answer(4200));
    await flush();
    for (const c of cards) expect(c.state()).toEqual({ data: answer(4200), error: null, loading: false });
    // One object for all: the cards cannot disagree.
    expect(new Set(cards.map((c) => c.state().data)).size).toBe(1);
    cards.forEach((c) => c.stop());
  });

  it('asks once more when the model changes, and drops the older answer if it arrives last', async () => {
    const { engine, insight, pending } = fakeEngine();
    const base = DEFAULT_CONFIG.categories[0]!.weight;
    const before = Array.from({ length: 5 }, () => card(engine, base));
    const after = Array.from({ length: 5 }, () => card(engine, base - 5));
    expect(insight).toHaveBeenCalledTimes(2);
    expect(pending[1]!.request.config.categories[0]!.weight).toBe(base - 5);
    pending[1]!.answer(answer(2));
    pending[0]!.answer(answer(1));
    await flush();
    for (const c of [...before, ...after]) expect(c.state().data?.evaluated).toBe(2);
    [...before, ...after].forEach((c) => c.stop());
  });

  it('asks afresh when the editor opens again after every card has gone', async () => {
    const { engine, insight, pending } = fakeEngine();
    const base = DEFAULT_CONFIG.categories[0]!.weight;
    const first = [card(engine, base), card(engine, base)];
    pending[0]!.answer(answer(7));
    await flush();
    first.forEach((c) => c.stop());
    const again = [card(engine, base), card(engine, base)];
    expect(insight).toHaveBeenCalledTimes(2);
    expect(again[0]!.state()).toEqual({ data: null, error: null, loading: true });
    again.forEach((c) => c.stop());
  });
});
