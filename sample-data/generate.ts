/**
 * Deterministic generator of the bundled sample exports (see README.md here).
 *
 *   npx tsx sample-data/generate.ts [--accounts 5000] [--months 24] [--events N] [--seed 42] [--out sample-data] [--plain]
 *
 * Every account carries five latent monthly states, one per health category.
 * All observable rows of a category are drawn from its state plus noise, and
 * the monthly churn hazard is a logistic function of the states with known,
 * different strengths, so tests can check the workbench recovers them.
 */
import { createWriteStream, mkdirSync, statSync, type WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { createGzip, type Gzip } from 'node:zlib';
import { mulberry32 } from '../engine/core/random/mulberry32.js';

// ---- parameters of the generative model (documented in README.md) ----
export const EXPORT_DATE = '2026-10-31';
export const HAZARD_INTERCEPT = -5.6;
/** Churn log-odds per unit of each latent state (states have sd ≈ 0.9). */
export const TRUE_BETAS = { usage: -1.1, billing: -0.8, support: -0.55, engagement: -0.35, growth: -0.12 } as const;
type Cat = keyof typeof TRUE_BETAS;
const CATS: Cat[] = ['usage', 'support', 'billing', 'engagement', 'growth'];
const AR_PHI = 0.8;
const AR_SIGMA = 0.45;
const OFFSET_SD = 0.5;
const EPISODE_RATE = 0.03; // per account-month: a decline episode starts in one category
const FEATURES_AVAILABLE = 20;

// ---- deterministic randomness ----
class Rng {
  private spare: number | null = null;
  constructor(private readonly next: () => number) {}
  u(): number {
    return this.next();
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  normal(mean = 0, sd = 1): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return mean + sd * s;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return mean + sd * r * Math.cos(2 * Math.PI * v);
  }
  poisson(lambda: number): number {
    const l = Math.exp(-lambda);
    let k = 0,
      p = 1;
    do {
      k++;
      p *= this.next();
    } while (p > l && k < 1000);
    return k - 1;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  weighted<T>(xs: readonly (readonly [T, number])[]): T {
    const total = xs.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [x, w] of xs) {
      if ((r -= w) < 0) return x;
    }
    return xs[xs.length - 1]![0];
  }
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

// ---- dates as UTC day numbers ----
const DAY = 86400000;
const dayOf = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY);
const iso = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
const stamp = (day: number, minutes: number) =>
  `${iso(day)} ${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`;
function addMonths(day: number, n: number): number {
  const d = new Date(day * DAY);
  const y = d.getUTCFullYear(),
    m = d.getUTCMonth() + n,
    dd = d.getUTCDate();
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Math.round(Date.UTC(y, m, Math.min(dd, last)) / DAY);
}
const monthStart = (day: number) => {
  const d = new Date(day * DAY);
  return Math.round(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY);
};

// ---- names ----
const WORDS_A = [
  'Acme',
  'Blue',
  'Cedar',
  'Delta',
  'Echo',
  'Falcon',
  'Granite',
  'Harbor',
  'Iris',
  'Juniper',
  'Kite',
  'Lumen',
  'Maple',
  'Nimbus',
  'Orbit',
  'Pine',
  'Quartz',
  'River',
  'Summit',
  'Tidal',
  'Umber',
  'Vertex',
  'Willow',
  'Xeno',
  'Yarrow',
  'Zenith',
  'Aurora',
  'Beacon',
  'Cobalt',
  'Dune',
];
const WORDS_B = [
  'Labs',
  'Systems',
  'Analytics',
  'Health',
  'Logistics',
  'Foods',
  'Capital',
  'Media',
  'Robotics',
  'Retail',
  'Energy',
  'Software',
  'Partners',
  'Studios',
  'Networks',
  'Bio',
  'Motors',
  'Cloud',
];
const SUFFIX = ['Inc.', 'LLC', 'GmbH', 'Ltd', 'S.A.', 'AG', 'Co.', 'BV', 'Pty Ltd', ''];
const INDUSTRIES = [
  'Software',
  'Healthcare',
  'Retail',
  'Financial Services',
  'Manufacturing',
  'Education',
  'Media',
  'Logistics',
  'Professional Services',
  'Public Sector',
];
const REGIONS = [
  ['NA', 0.45],
  ['EMEA', 0.32],
  ['APAC', 0.15],
  ['LATAM', 0.08],
] as const;
const FIRST = [
  'Ava',
  'Ben',
  'Chloe',
  'Diego',
  'Elena',
  'Farah',
  'Gus',
  'Hana',
  'Ivan',
  'Jade',
  'Kofi',
  'Lena',
  'Mateo',
  'Nora',
  'Omar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sven',
  'Tara',
  'Uma',
  'Victor',
  'Wen',
  'Yusuf',
  'Zoe',
];
const LAST = [
  'Adams',
  'Berg',
  'Chen',
  'Dubois',
  'Evans',
  'Fischer',
  'Garcia',
  'Haddad',
  'Ito',
  'Jensen',
  'Kowalski',
  'Lopez',
  'Moreau',
  'Nakamura',
  'Okafor',
  'Patel',
  'Rossi',
  'Silva',
];
const OVERRIDE_RED = [
  'Champion left the company',
  'Budget freeze announced',
  'Evaluating a competitor',
  'Merger: new owner reviewing vendors',
  'Escalation to the CEO about an outage',
];

const REASONS: Record<Cat, string> = {
  usage: 'Low adoption',
  support: 'Poor support experience',
  billing: 'Payment failure',
  engagement: 'Switched to competitor',
  growth: 'Budget',
};

interface Options {
  accounts: number;
  months: number;
  events: number | null;
  seed: number;
  out: string;
  plain: boolean;
}

function parseArgs(argv: string[]): Options {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (name: string, dflt: number) => {
    const v = get(name);
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) {
      console.error(`--${name} must be a positive number, got ${v}`);
      process.exit(2);
    }
    return Math.floor(n);
  };
  return {
    accounts: num('accounts', 5000),
    months: num('months', 24),
    events: get('events') ? num('events', 1) : null,
    seed: num('seed', 42),
    out: resolve(get('out') ?? 'sample-data'),
    plain: argv.includes('--plain'),
  };
}

function csv(v: string | number | boolean | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
const line = (xs: (string | number | boolean | null)[]) => xs.map(csv).join(',') + '\n';

class Sink {
  private readonly file: WriteStream;
  private readonly gz: Gzip | null;
  rows = 0;
  constructor(
    readonly path: string,
    gzip: boolean,
    header: string[],
  ) {
    this.file = createWriteStream(path);
    // Fixed mtime-free gzip header so output is byte-identical across runs.
    this.gz = gzip ? createGzip({ level: 9 }) : null;
    if (this.gz) this.gz.pipe(this.file);
    this.target().write(line(header));
  }
  private target(): Gzip | WriteStream {
    return this.gz ?? this.file;
  }
  async write(text: string, rows: number): Promise<void> {
    this.rows += rows;
    if (!this.target().write(text)) await new Promise<void>((ok) => this.target().once('drain', () => ok()));
  }
  close(): Promise<void> {
    return new Promise((ok) => {
      this.file.once('close', () => ok());
      this.target().end();
    });
  }
}

async function generate(o: Options): Promise<void> {
  mkdirSync(o.out, { recursive: true });
  const rng = new Rng(mulberry32(o.seed));
  const end = dayOf(EXPORT_DATE);
  const start = addMonths(end + 1, -o.months); // first day of the window
  const nMonths = o.months;
  const accountDaysApprox = o.accounts * (end - start) * 0.85;
  const interval = o.events ? clamp(Math.floor(accountDaysApprox / o.events), 1, 7) : 7;

  const sinks = {
    accounts: new Sink(join(o.out, 'accounts.csv'), false, [
      'account_id',
      'name',
      'segment',
      'industry',
      'region',
      'plan',
      'csm',
      'signup_date',
      'renewal_date',
      'arr',
      'seats',
    ]),
    // --plain writes the big file uncompressed, as most CRM/analytics exports arrive.
    usage: new Sink(join(o.out, o.plain ? 'usage_events.csv' : 'usage_events.csv.gz'), !o.plain, [
      'account_id',
      'date',
      'active_users',
      'logins',
      'features_used',
      'key_actions',
      'session_minutes',
      'api_calls',
      'trainings_completed',
      'community_actions',
    ]),
    tickets: new Sink(join(o.out, 'tickets.csv.gz'), true, [
      'ticket_id',
      'account_id',
      'opened_at',
      'closed_at',
      'priority',
      'csat',
      'escalated',
      'sentiment',
    ]),
    invoices: new Sink(join(o.out, 'invoices.csv.gz'), true, [
      'invoice_id',
      'account_id',
      'issued_date',
      'due_date',
      'paid_date',
      'amount',
      'status',
    ]),
    nps: new Sink(join(o.out, 'nps.csv'), false, ['response_id', 'account_id', 'responded_at', 'score']),
    churn: new Sink(join(o.out, 'churn.csv'), false, ['account_id', 'churn_date', 'reason']),
    renewals: new Sink(join(o.out, 'renewals.csv'), false, ['account_id', 'renewal_date', 'renewed']),
    overrides: new Sink(join(o.out, 'overrides.csv'), false, [
      'account_id',
      'created_at',
      'tier',
      'score',
      'reason',
      'author',
      'expires_at',
    ]),
  };
  // Overrides draw from their own stream so adding them left every other file unchanged.
  const orng = new Rng(mulberry32(o.seed ^ 0x5eed0f));
  // So do ticket sentiment, training and community activity, and plan changes on invoices: every
  // value the earlier files had is unchanged, these columns were appended.
  const xrng = new Rng(mulberry32(o.seed ^ 0x5e17a1));
  const csms = Array.from({ length: 36 }, () => `${rng.pick(FIRST)} ${rng.pick(LAST)}`);
  let ticketSeq = 0,
    invoiceSeq = 0,
    npsSeq = 0;
  let churned = 0;
  let activeMonths = 0;
  const bySegment: Record<string, number> = {};

  for (let a = 1; a <= o.accounts; a++) {
    const id = `ACC-${String(a).padStart(5, '0')}`;
    const segment = rng.weighted([
      ['Enterprise', 0.15],
      ['Mid-Market', 0.3],
      ['SMB', 0.55],
    ] as const);
    bySegment[segment] = (bySegment[segment] ?? 0) + 1;
    const seats =
      segment === 'Enterprise' ? rng.int(60, 500) : segment === 'Mid-Market' ? rng.int(15, 80) : rng.int(2, 14);
    const arrBase =
      segment === 'Enterprise'
        ? 80000 + rng.u() * 420000
        : segment === 'Mid-Market'
          ? 15000 + rng.u() * 65000
          : 1500 + rng.u() * 13500;
    const plan =
      segment === 'Enterprise'
        ? 'Enterprise'
        : segment === 'Mid-Market'
          ? rng.weighted([
              ['Professional', 0.7],
              ['Enterprise', 0.3],
            ] as const)
          : rng.weighted([
              ['Starter', 0.7],
              ['Professional', 0.3],
            ] as const);
    const name =
      rng.u() < 0.03
        ? `${rng.pick(LAST)}, ${rng.pick(LAST)} & Co`
        : rng.u() < 0.01
          ? `"${rng.pick(WORDS_A)}" ${rng.pick(WORDS_B)}`
          : `${rng.pick(WORDS_A)} ${rng.pick(WORDS_B)} ${rng.pick(SUFFIX)}`.trim();
    const newInWindow = rng.u() < 0.18;
    const signup = newInWindow
      ? start + rng.int(0, end - start - 20)
      : dayOf('2019-01-01') + rng.int(0, start - 1 - dayOf('2019-01-01'));
    const industry = rng.u() < 0.002 ? null : rng.pick(INDUSTRIES);
    const region = rng.weighted(REGIONS);
    const csm = segment === 'SMB' && rng.u() < 0.6 ? 'Pooled' : rng.pick(csms);
    const arr = rng.u() < 0.0015 ? null : Math.round(arrBase);

    // Latent states: persistent offset + AR(1) month to month + decline episodes.
    const offset = Object.fromEntries(CATS.map((c) => [c, rng.normal(0, OFFSET_SD)])) as Record<Cat, number>;
    const x = Object.fromEntries(
      CATS.map((c) => [c, rng.normal(0, AR_SIGMA / Math.sqrt(1 - AR_PHI * AR_PHI))]),
    ) as Record<Cat, number>;
    const episode = { cat: 'usage' as Cat, left: 0 };
    const firstMonth = Math.max(start, monthStart(signup));
    let churnDay: number | null = null;
    let worst: Cat = 'usage';
    const states: { from: number; to: number; s: Record<Cat, number> }[] = [];
    for (let m = 0; m < nMonths; m++) {
      const ms = addMonths(start, m);
      const me = addMonths(start, m + 1) - 1;
      if (me < signup) continue;
      if (ms < firstMonth) continue;
      for (const c of CATS) x[c] = AR_PHI * x[c] + rng.normal(0, AR_SIGMA);
      if (episode.left === 0 && rng.u() < EPISODE_RATE) {
        episode.cat = rng.pick(CATS);
        episode.left = 4;
      }
      if (episode.left > 0) {
        x[episode.cat] -= 0.55;
        episode.left--;
      }
      const s = Object.fromEntries(CATS.map((c) => [c, x[c] + offset[c]])) as Record<Cat, number>;
      // New accounts ramp up: usage is low in the first two months.
      const age = ms - signup;
      if (age < 60) s.usage -= 0.6 * (1 - age / 60);
      states.push({ from: Math.max(ms, signup), to: me, s });
      activeMonths++;
      const eta = HAZARD_INTERCEPT + CATS.reduce((acc, c) => acc + TRUE_BETAS[c] * s[c], 0);
      if (rng.u() < sigmoid(eta)) {
        // Churn during the following month (the state is observed before the decision).
        const nextStart = me + 1;
        const nextEnd = addMonths(nextStart, 1) - 1;
        const day = nextStart + rng.int(0, nextEnd - nextStart);
        if (day <= end) {
          churnDay = day;
          worst = CATS.reduce((w, c) => (TRUE_BETAS[c] * s[c] > TRUE_BETAS[w] * s[w] ? c : w), CATS[0]!);
        }
        break;
      }
    }
    const lastDay = churnDay !== null ? churnDay - 1 : end;
    const stateAt = (day: number) => {
      for (let i = states.length - 1; i >= 0; i--) if (day >= states[i]!.from) return states[i]!.s;
      return states[0]?.s;
    };

    // Usage rows every `interval` days from the later of window start and signup.
    let usage = '';
    let usageRows = 0;
    const baseActive = seats * 0.55;
    for (let d = Math.max(start, signup); d <= lastDay; d += interval) {
      const s = stateAt(d);
      if (!s) continue;
      const scale = interval / 7;
      const active = Math.max(0, Math.round(seats * clamp(0.55 + 0.2 * s.growth + rng.normal(0, 0.04), 0.02, 1.1)));
      const logins = Math.max(0, Math.round(baseActive * 4 * scale * Math.exp(0.35 * s.usage + rng.normal(0, 0.12))));
      const features = clamp(Math.round(8 + 4.5 * s.usage + rng.normal(0, 1.2)), 0, FEATURES_AVAILABLE);
      const keyActions = Math.max(0, Math.round(logins * 0.3 * Math.exp(0.3 * s.usage + rng.normal(0, 0.1))));
      const minutes =
        rng.u() < 0.001 ? null : Math.max(0, Math.round(logins * 12 * Math.exp(0.25 * s.usage + rng.normal(0, 0.08))));
      const api = Math.max(0, Math.round(seats * 40 * scale * Math.exp(0.4 * s.growth + rng.normal(0, 0.15))));
      // Training clusters in the first months; community activity follows engagement.
      const young = d - signup < 120 ? 1 : 0;
      const trainings = xrng.poisson(scale * (0.05 + 0.4 * young) * Math.exp(0.5 * s.engagement));
      const community = xrng.poisson(scale * Math.max(0.02, seats / 60) * Math.exp(0.6 * s.engagement));
      usage += line([id, iso(d), active, logins, features, keyActions, minutes, api, trainings, community]);
      usageRows++;
    }
    await sinks.usage.write(usage, usageRows);

    // Tickets: a Poisson count per month, more and worse when the support state is low.
    let tickets = '';
    let ticketRows = 0;
    for (const st of states) {
      const lam = (1 + Math.log10(seats)) * 0.25 * Math.exp(-0.55 * st.s.support);
      const k = rng.poisson(lam);
      for (let t = 0; t < k; t++) {
        const opened = st.from + rng.int(0, st.to - st.from);
        if (opened > lastDay) continue;
        const closed = opened + Math.floor(-Math.log(1 - rng.u()) * (2 + 3 * sigmoid(-st.s.support)));
        const isClosed = closed <= end && (churnDay === null || closed < churnDay + 30);
        const rated = isClosed && rng.u() < 0.6;
        const csat = rated ? clamp(Math.round(4 + 0.9 * st.s.support + rng.normal(0, 0.7)), 1, 5) : null;
        const escalated = rng.u() < sigmoid(-2.6 - 0.9 * st.s.support);
        const priority = rng.weighted([
          ['low', 0.3],
          ['normal', 0.45],
          ['high', 0.18 + (escalated ? 0.2 : 0)],
          ['urgent', 0.07 + (escalated ? 0.2 : 0)],
        ] as const);
        const openMin = rng.int(7 * 60, 19 * 60);
        // Sentiment in quarter steps (as many tools bucket it); unscored for a fifth of tickets.
        const sentiment =
          xrng.u() < 0.2 ? null : clamp(Math.round((0.15 + 0.45 * st.s.support + xrng.normal(0, 0.35)) * 4) / 4, -1, 1);
        tickets += line([
          `T-${String(++ticketSeq).padStart(7, '0')}`,
          id,
          stamp(opened, openMin),
          isClosed
            ? stamp(
                closed,
                closed === opened ? Math.min(openMin + rng.int(10, 200), 23 * 60 + 59) : rng.int(7 * 60, 19 * 60),
              )
            : null,
          priority,
          csat,
          escalated,
          sentiment,
        ]);
        ticketRows++;
      }
    }
    await sinks.tickets.write(tickets, ticketRows);

    // Invoices: monthly on the 1st (or signup day in the first month), due in 30 days.
    let invoices = '';
    let invoiceRows = 0;
    // Plan changes: growing accounts upgrade now and then, shrinking ones downgrade.
    let planFactor = 1;
    for (const st of states) {
      const change = xrng.u();
      if (change < 0.03 * sigmoid(2 * st.s.growth)) planFactor *= 1.1 + 0.3 * xrng.u();
      else if (change > 1 - 0.03 * sigmoid(-2 * st.s.growth)) planFactor *= 0.6 + 0.3 * xrng.u();
      const issued = st.from;
      if (issued > lastDay) continue;
      const due = issued + 30;
      const lateP = sigmoid(-2.4 - 1.4 * st.s.billing);
      let paid: number | null;
      let failed = false;
      if (rng.u() < lateP) {
        // Most late invoices are paid eventually (collections); a few fail for good.
        if (rng.u() < 0.03 + 0.25 * sigmoid(-2 - 2 * st.s.billing)) {
          paid = null;
          failed = true;
        } else paid = due + 1 + Math.floor(-Math.log(1 - rng.u()) * (10 + 25 * sigmoid(-st.s.billing)));
      } else paid = due - rng.int(0, 25);
      if (paid !== null && paid < issued) paid = issued;
      if (paid !== null && paid > end) paid = null;
      const status = paid !== null ? 'paid' : failed ? 'failed' : due < end ? 'overdue' : 'open';
      invoices += line([
        `INV-${String(++invoiceSeq).padStart(7, '0')}`,
        id,
        iso(issued),
        iso(due),
        paid === null ? null : iso(paid),
        Math.round(((arr ?? arrBase) / 12) * planFactor * 100) / 100,
        status,
      ]);
      invoiceRows++;
    }
    await sinks.invoices.write(invoices, invoiceRows);

    // NPS: surveys go out in Feb, May, Aug and Nov; engaged accounts answer more and score higher.
    let nps = '';
    let npsRows = 0;
    for (const st of states) {
      const month = new Date(st.to * DAY).getUTCMonth();
      if (month % 3 !== 1) continue;
      if (rng.u() > sigmoid(0.1 + 0.9 * st.s.engagement)) continue;
      const day = st.from + rng.int(0, st.to - st.from);
      if (day > lastDay) continue;
      const score = clamp(Math.round(7.4 + 2.0 * st.s.engagement + rng.normal(0, 1.3)), 0, 10);
      nps += line([`NPS-${String(++npsSeq).padStart(7, '0')}`, id, iso(day), score]);
      npsRows++;
    }
    await sinks.nps.write(nps, npsRows);

    if (churnDay !== null) {
      churned++;
      await sinks.churn.write(line([id, iso(churnDay), REASONS[worst]]), 1);
    }
    // Renewal outcomes: every contract anniversary in the window renews until the
    // account churns; the first anniversary on or after the churn date does not.
    // (No random draws here, so adding this file left the others unchanged.)
    let renewals = '';
    let renewalRows = 0;
    for (let anniversary = addMonths(signup, 12); anniversary <= end; anniversary = addMonths(anniversary, 12)) {
      if (anniversary < start) continue;
      const renewed = churnDay === null || anniversary < churnDay;
      renewals += line([id, iso(anniversary), renewed]);
      renewalRows++;
      if (!renewed) break;
    }
    await sinks.renewals.write(renewals, renewalRows);
    // CSM overrides, as a team writes them: some churners flagged Red 1–3 months
    // ahead for a reason the data does not show (knowledge the score lacks), and
    // a few accounts lifted to Green on an engaged sponsor. Pooled SMB accounts have no CSM to do it.
    if (csm !== 'Pooled') {
      if (churnDay !== null && orng.u() < 0.2) {
        const day = churnDay - orng.int(30, 95);
        if (day >= start && day > signup)
          await sinks.overrides.write(line([id, iso(day), 'Red', '', orng.pick(OVERRIDE_RED), csm, iso(day + 90)]), 1);
      } else if (churnDay === null && orng.u() < 0.015) {
        const day = orng.int(start, end);
        if (day > signup)
          await sinks.overrides.write(
            line([
              id,
              iso(day),
              'Green',
              '',
              'Executive sponsor re-engaged; expansion in discussion',
              csm,
              iso(day + 60),
            ]),
            1,
          );
      }
    }
    // Renewal: the next contract anniversary on or after the export date (or the churn date).
    const ref = churnDay ?? end;
    let renewal = signup;
    while (renewal < ref) renewal = addMonths(renewal, 12);
    await sinks.accounts.write(
      line([id, name, segment, industry, region, plan, csm, iso(signup), iso(renewal), arr, seats]),
      1,
    );
  }

  await Promise.all(Object.values(sinks).map((s) => s.close()));
  const sizes = Object.values(sinks).map((s) => ({
    file: s.path.split('/').pop()!,
    rows: s.rows,
    bytes: statSync(s.path).size,
  }));
  const total = sizes.reduce((t, s) => t + s.bytes, 0);
  const annualChurn = churned / (activeMonths / 12);
  console.log(
    `Generated ${o.accounts} accounts over ${o.months} months ending ${EXPORT_DATE} (seed ${o.seed}, usage rows every ${interval} day(s))`,
  );
  console.log(
    `Segments: ${Object.entries(bySegment)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  console.log(`Churned: ${churned} accounts; ${(annualChurn * 100).toFixed(1)} % of active accounts per year`);
  for (const s of sizes)
    console.log(
      `  ${s.file.padEnd(22)} ${String(s.rows).padStart(9)} rows ${(s.bytes / 1e6).toFixed(2).padStart(7)} MB`,
    );
  console.log(`  total ${(total / 1e6).toFixed(2)} MB`);
}

await generate(parseArgs(process.argv.slice(2)));
