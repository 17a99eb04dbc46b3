#!/usr/bin/python3
"""Reference bootstrap intervals, computed independently with numpy.

    /usr/bin/python3 tests/reference/bootstrap_reference.py > tests/fixtures/bootstrap-reference.json

A fixed small portfolio (80 accounts, 1-4 monthly snapshots each, integer
scores with ties, unknown ARR on some rows, two segments) and a fixed resample
plan: 2,000 replicates, each a multinomial draw over the accounts sorted by
id, made by the same mulberry32 generator the engine seeds (ported below), so
both sides use the same draws and must agree to rounding. Every metric is
computed here from its definition (AUC as the weighted Mann-Whitney count,
average precision as scikit-learn defines it, top-decile lift on the
expanded data set), not by porting the engine's code.

The pairing case: scenario B re-scores the same accounts, drops some of their
snapshots and every snapshot of a few accounts; the AUC difference interval
is computed with each account weighed the same in both (drawn by id from the
union of their accounts).
"""
import json
import math

import numpy as np

REPLICATES = 2000
SEED = 20261124
MIN_CHURNERS = 8
M32 = 0xFFFFFFFF


def mulberry32(seed):
    a = seed & M32

    def imul(x, y):
        return (x * y) & M32

    def rand():
        nonlocal a
        a = (a + 0x6D2B79F5) & M32
        t = a
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & M32
        return ((t ^ (t >> 14)) & M32) / 4294967296

    return rand


def plan(universe_size, replicates, seed):
    """Multiplicity of each universe account in each replicate (R x A)."""
    rand = mulberry32(seed)
    out = np.zeros((replicates, universe_size), dtype=np.int64)
    for r in range(replicates):
        for _ in range(universe_size):
            out[r, int(math.floor(rand() * universe_size))] += 1
    return out


def ratio(a, b):
    return a / b if b > 0 else math.nan


def auc(scores, y, w):
    pos, neg = y == 1, y == 0
    P, N = w[pos].sum(), w[neg].sum()
    if P == 0 or N == 0:
        return math.nan
    sp, sn = scores[pos][:, None], scores[neg][None, :]
    wp, wn = w[pos][:, None], w[neg][None, :]
    # A churner ranked riskier (lower score) than a stayer counts 1, a tie 1/2.
    wins = (wp * wn * ((sp < sn) + 0.5 * (sp == sn))).sum()
    return wins / (P * N)


def average_precision(scores, y, w):
    P = (w * y).sum()
    if P == 0:
        return math.nan
    thresholds = np.unique(scores)  # ascending: riskiest first; a tie is one threshold
    ap, prev_recall = 0.0, 0.0
    for t in thresholds:
        flagged = scores <= t
        tp = (w * y * flagged).sum()
        fp = (w * (1 - y) * flagged).sum()
        if tp + fp == 0:
            continue
        recall = tp / P
        ap += (recall - prev_recall) * tp / (tp + fp)
        prev_recall = recall
    return ap


def top_decile_lift(scores, y, w):
    order = np.argsort(scores, kind="stable")
    expanded = np.repeat(order, w[order])  # each row m times, in its place
    n = len(expanded)
    if n == 0:
        return math.nan
    base = y[expanded].mean()
    if base == 0:
        return math.nan
    top = expanded[: math.ceil(n / 10)]
    return y[top].mean() / base


def metrics(d, w):
    y, pred, arr = d["y"], d["pred"], d["arr"]
    tp = (w * y * pred).sum()
    fp = (w * (1 - y) * pred).sum()
    fn = (w * y * (1 - pred)).sum()
    n = w.sum()
    precision = ratio(tp, tp + fp)
    base = ratio(tp + fn, n)
    known = ~np.isnan(arr)
    arr0 = np.where(known, arr, 0.0)
    out = {
        "precision": precision,
        "recall": ratio(tp, tp + fn),
        "f1": ratio(2 * tp, 2 * tp + fp + fn),
        "auc": auc(d["score"], y, w),
        "averagePrecision": average_precision(d["score"], y, w),
        "lift": precision / base if base > 0 else math.nan,
        "arrCaptured": ratio((w * y * pred * arr0).sum(), (w * y * arr0).sum()),
        "topDecileLift": top_decile_lift(d["score"], y, w),
    }
    for k in range(3):
        inn = d["tier"] == k
        out[f"tier{k}"] = ratio((w * y * inn).sum(), (w * inn).sum())
    for g in range(2):
        inn = d["segment"] == g
        gtp = (w * y * pred * inn).sum()
        gfp = (w * (1 - y) * pred * inn).sum()
        gfn = (w * y * (1 - pred) * inn).sum()
        out[f"segment{g}.precision"] = ratio(gtp, gtp + gfp)
        out[f"segment{g}.recall"] = ratio(gtp, gtp + gfn)
        out[f"segment{g}.f1"] = ratio(2 * gtp, 2 * gtp + gfp + gfn)
    return out


def interval(values):
    v = np.asarray([x for x in values if not math.isnan(x)])
    if len(v) < max(20, REPLICATES * 0.5):
        return None
    return [float(np.quantile(v, 0.025)), float(np.quantile(v, 0.975))]


def row_weights(d, universe, mult):
    pos = {a: k for k, a in enumerate(universe)}
    return mult[np.array([pos[a] for a in d["account"]])]


rng = np.random.default_rng(17)
rows = []
for a in range(80):
    risk = rng.uniform(0, 100)
    churner = rng.uniform() < 0.45 / (1 + math.exp((risk - 40) / 12))
    arr = float(rng.choice([6000, 12000, 24000, 60000]))
    segment = int(a % 3 == 0)
    for m in range(int(rng.integers(1, 5))):
        score = float(np.clip(round((risk + rng.normal(0, 12)) / 5) * 5, 0, 100))  # steps of 5: many ties
        rows.append({
            "account": a * 7 + 3,  # ids that are neither 0..n-1 nor in first-appearance order below
            "score": score,
            "y": int(churner and m >= 1) if m else int(churner and rng.uniform() < 0.5),
            "arr": None if rng.uniform() < 0.1 else arr,
            "segment": segment,
        })
# Rows not grouped by account, as a window of months lists them.
rows = [rows[i] for i in rng.permutation(len(rows))]


def dataset(rs):
    score = np.array([r["score"] for r in rs])
    return {
        "account": np.array([r["account"] for r in rs]),
        "score": score,
        "y": np.array([r["y"] for r in rs]),
        "pred": (score < 40).astype(np.int64),
        "tier": np.where(score < 40, 2, np.where(score < 70, 1, 0)),
        "arr": np.array([math.nan if r["arr"] is None else r["arr"] for r in rs]),
        "segment": np.array([r["segment"] for r in rs]),
    }


A = dataset(rows)
universe = sorted(set(A["account"].tolist()))
mult = plan(len(universe), REPLICATES, SEED)
w_a = np.array([row_weights(A, universe, mult[r]) for r in range(REPLICATES)])
series = [metrics(A, w_a[r]) for r in range(REPLICATES)]
point = metrics(A, np.ones(len(rows), dtype=np.int64))
churners = [int(A["y"][A["segment"] == g].sum()) for g in range(2)]
intervals = {k: interval([s[k] for s in series]) for k in series[0]}
for g in range(2):
    if churners[g] < MIN_CHURNERS:
        for m in ("precision", "recall", "f1"):
            intervals[f"segment{g}.{m}"] = None

# Scenario B: other scores, 20 % of snapshots dropped, and every snapshot of the first five accounts.
dropped_accounts = set(universe[:5])
keep = [i for i, r in enumerate(rows) if r["account"] not in dropped_accounts and rng.uniform() >= 0.2]
rows_b = []
for i in keep:
    r = dict(rows[i])
    r["score"] = float(np.clip(r["score"] + rng.choice([-10, -5, 0, 5, 10]), 0, 100))
    rows_b.append(r)
B = dataset(rows_b)
union = sorted(set(universe) | set(B["account"].tolist()))
mult_u = plan(len(union), REPLICATES, SEED)
diffs = []
for r in range(REPLICATES):
    wa = row_weights(A, union, mult_u[r])
    wb = row_weights(B, union, mult_u[r])
    diffs.append(auc(B["score"], B["y"], wb) - auc(A["score"], A["y"], wa))


def rows_json(d):
    return {
        "account": d["account"].tolist(),
        "score": d["score"].tolist(),
        "label": d["y"].tolist(),
        "predicted": d["pred"].tolist(),
        "tier": d["tier"].tolist(),
        "arr": [None if math.isnan(x) else x for x in d["arr"].tolist()],
        "segment": d["segment"].tolist(),
    }


json.dump({
    "replicates": REPLICATES,
    "seed": SEED,
    "minChurners": MIN_CHURNERS,
    "a": rows_json(A),
    "b": rows_json(B),
    "point": point,
    "segmentChurners": churners,
    "intervals": intervals,
    "pairedAucDifference": {
        "diff": auc(B["score"], B["y"], np.ones(len(rows_b))) - auc(A["score"], A["y"], np.ones(len(rows))),
        "interval": interval(diffs),
        "universe": len(union),
        "firstDraw": {str(a): int(mult_u[0][k]) for k, a in enumerate(union)},
    },
}, __import__("sys").stdout, indent=1)
