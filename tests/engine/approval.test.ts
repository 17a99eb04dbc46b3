import { describe, expect, it } from 'vitest';
import { ApprovedConfigSchema, ApproveRequestSchema } from '../../engine/core/api/schema.js';
import { approve, ApprovalRefused, checkApproved } from '../../engine/core/config/approve.js';
import { sha256 } from '../../engine/core/config/canonical.js';
import { verdictOf } from '../../engine/core/verdict/verdict.js';
import { broken, CONFIG, healthyResult, SETTINGS } from './verdictFixtures.js';

const data = async () => ({ sha256: await sha256('exports'), tables: [] });
const chance = () =>
  broken((r) => {
    r.backtest.auc = 0.514;
    r.intervals!.auc = [0.487, 0.549];
  }).result;

describe('approving against the verdict', () => {
  it('refuses a configuration with a serious finding unless the approver acknowledges it', async () => {
    const refused = approve(CONFIG, SETTINGS, 'Dana Admin', '', await data(), chance());
    await expect(refused).rejects.toBeInstanceOf(ApprovalRefused);
    await expect(refused).rejects.toThrow(/no better than chance/);
  });
  it('records the verdict and who acknowledged which serious findings', async () => {
    const file = await approve(CONFIG, SETTINGS, ' Dana Admin ', '', await data(), chance(), new Date(0), true);
    expect(file.verdict!.acknowledgement).toEqual({ by: 'Dana Admin', findings: ['auc-chance'] });
    expect(file.verdict!.overall).toBe('serious');
    const { acknowledgement: _a, ...recorded } = file.verdict!;
    expect(recorded).toEqual(verdictOf({ result: chance(), config: CONFIG, backtest: SETTINGS }));
    expect(ApprovedConfigSchema.parse(JSON.parse(JSON.stringify(file)))).toEqual(file);
    expect((await checkApproved(JSON.parse(JSON.stringify(file)))).ok).toBe(true);
  });
  it('approves a healthy configuration without acknowledgement, recording none', async () => {
    const file = await approve(CONFIG, SETTINGS, 'Dana Admin', '', await data(), healthyResult());
    expect(file.verdict!.overall).toBe('good');
    expect(file.verdict!.acknowledgement).toBeNull();
  });
  it('the request defaults to no acknowledgement', () => {
    const req = ApproveRequestSchema.parse({ config: CONFIG, backtest: SETTINGS, approver: 'x', note: '' });
    expect(req.acknowledgeSerious).toBe(false);
  });
});
