/** The accounts view's rows: each account's score at a date, its tier, override and what moved it. */
import { z } from 'zod';

const Nullable = z.number().nullable();

export const AccountRowSchema = z.object({
  accountId: z.string(),
  name: z.string(),
  segment: z.string(),
  onboarding: z.boolean(),
  /** The configuration that scored the account at this date (its rule matched first, or the default). */
  configuration: z.object({ id: z.string(), name: z.string() }),
  /** Too little data for the score to mean much (no usage in the window, or under a third of the signals). */
  insufficientData: z.boolean(),
  score: Nullable,
  /** The tier in force: the CSM override's when one applies, else the computed one. */
  tierId: z.string().nullable(),
  computedTierId: z.string().nullable(),
  override: z
    .object({
      tier: z.string().nullable(),
      score: Nullable,
      reason: z.string(),
      author: z.string().nullable(),
      createdAt: z.string(),
      expiresAt: z.string().nullable(),
    })
    .nullable(),
  /** Score at the previous snapshot date, and the change since. */
  previousScore: Nullable,
  change: Nullable,
  categories: z.array(
    z.object({ id: z.string(), name: z.string(), score: Nullable, weight: z.number(), contribution: z.number() }),
  ),
  strongest: z.string().nullable(),
  weakest: z.string().nullable(),
  missing: z.array(z.string()),
  explanation: z.string(),
  /** Signals that moved the score most since the previous snapshot (normalised scores then and now, approximate points of the overall score). */
  movers: z.array(
    z.object({ signal: z.string(), label: z.string(), from: Nullable, to: Nullable, points: z.number() }),
  ),
  /** Each signal of the account's configuration at this date: its raw value and the 0–100 score it gets (null: no data). */
  signals: z.array(
    z.object({ signal: z.string(), label: z.string(), categoryId: z.string(), value: Nullable, score: Nullable }),
  ),
});
export type AccountRow = z.infer<typeof AccountRowSchema>;

export const AccountsResponseSchema = z.object({ total: z.number().int(), rows: z.array(AccountRowSchema) });
export type AccountsResponse = z.infer<typeof AccountsResponseSchema>;
