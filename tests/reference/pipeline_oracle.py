#!/usr/bin/python3
"""An independent oracle for the whole backtest: recomputes it from the CLI's
snapshot file with pandas and scikit-learn, sharing no code with the engine.

    health-workbench backtest --data DIR --snapshots-out snaps.csv --snapshots-all [--config C.json] ...
    /usr/bin/python3 tests/reference/pipeline_oracle.py --snapshots snaps.csv --config C.json \\
        --horizon 90 --window 12 --outcome churn --at-risk red [--as-of DATE]

From each snapshot's category scores, days to the outcome and days observed
(columns the CLI writes for this purpose) it derives, on its own:
  - the overall score under the configuration's weights and missing-data policy;
  - the tier (a score on a cut point gets the upper tier) and the at-risk prediction;
  - which snapshots are evaluated: a date is observed when every snapshot of it
    has the whole horizon behind it; the window is the observed dates after the
    date N calendar months before the last observed one (a month-end maps to a
    month-end); the label is "the outcome came within the horizon";
  - the confusion matrix, precision, recall, F1, lift, ROC AUC and average
    precision (scikit-learn, y_score = -score: a lower score means more risk),
    churn rate per tier, and the tier counts of the portfolio at the as-of date.
It also counts the rows where the CLI's own columns (score, tier, at_risk,
churned, evaluated) disagree with its derivation. Prints one JSON object.
Configurations (variants such as onboarding) are assigned from the rule columns
the CLI writes (segment, plan, region, ARR and age at the snapshot): the first
whose rule matches scores the snapshot with its own categories, weights,
missing-data policy and cut points. With --overrides apply, the CSM override in
force at a snapshot (the override_tier and override_score columns) replaces its
score: a tier it names (by id or name, any case) in the snapshot's
configuration puts it halfway between that tier's cut point and the next one
up (rounded down), else a score override counts as given (clipped to 0-100),
else the computed score stands; the tier then follows from the new score.
"""
import argparse
import json
import math
import sys
import warnings

import numpy as np
import pandas as pd
from sklearn.metrics import (average_precision_score, confusion_matrix, f1_score, precision_score,
                             recall_score, roc_auc_score)

warnings.filterwarnings("ignore")


def months_before(iso, months):
    """The date `months` calendar months before iso; a month-end maps to a month-end."""
    t = pd.Timestamp(iso)
    back = t - pd.DateOffset(months=months)  # pandas clips the day to the target month's length
    if t.is_month_end:
        back = back + pd.offsets.MonthEnd(0)
    return back.strftime("%Y-%m-%d")


def same_text(values, wanted):
    """Rule lists match labels ignoring case and surrounding spaces."""
    norm = values.astype(str).str.strip().str.lower()
    return norm.isin([w.strip().lower() for w in wanted]).to_numpy()


def assign(df, config):
    """Configuration of each snapshot: 1 + the first variant whose rule matches, else 0 (the default)."""
    out = np.zeros(len(df), dtype=np.int64)
    done = np.zeros(len(df), dtype=bool)
    arr = df["rule_arr"].to_numpy(dtype=np.float64)
    age = df["rule_age_days"].to_numpy(dtype=np.float64)
    for k, v in enumerate(config.get("variants") or []):
        w = v["when"]
        m = ~done
        if "segments" in w:
            m &= same_text(df["segment"], w["segments"])
        if "plans" in w:
            m &= same_text(df["rule_plan"], w["plans"])
        if "regions" in w:
            m &= same_text(df["rule_region"], w["regions"])
        with np.errstate(invalid="ignore"):
            if "arrMin" in w:
                m &= arr >= w["arrMin"]  # an unknown ARR (NaN) is in no band
            if "arrBelow" in w:
                m &= arr < w["arrBelow"]
            if "ageDaysBelow" in w:
                m &= age < w["ageDaysBelow"]  # an unknown age is never "younger than"
        out[m] = k + 1
        done |= m
    return out


def configurations(config):
    """The default and each variant as (categories, missing policy, tier lower bounds)."""
    tiers = config["tiers"]["tiers"]
    default_mins = [t["min"] for t in tiers]
    out = [(config["categories"], config.get("missing", "neutral"), default_mins)]
    for v in config.get("variants") or []:
        out.append((v["categories"], v.get("missing", config.get("missing", "neutral")), v.get("cuts", default_mins)))
    return out


def overall_scores(df, cats, policy):
    """Σ weight·category / 100 in float64, stored as float32 like the engine's score column."""
    cols = np.column_stack([df[f"category_{c['id']}"].to_numpy(dtype=np.float64) for c in cats])
    cols = cols.astype(np.float32).astype(np.float64)  # category scores are float32 values
    weights = np.array([c["weight"] for c in cats], dtype=np.float64)
    if policy in ("neutral", "penalise"):
        filled = np.where(np.isnan(cols), 50.0 if policy == "neutral" else 0.0, cols)
        total = np.zeros(len(df))
        for k in range(len(cats)):  # summed category by category, in the configuration's order
            total = total + weights[k] * filled[:, k]
        return (total / 100).astype(np.float32).astype(np.float64)
    present = ~np.isnan(cols)
    total = np.zeros(len(df))
    wsum = np.zeros(len(df))
    for k in range(len(cats)):
        total = total + np.where(present[:, k], weights[k] * np.nan_to_num(cols[:, k]), 0.0)
        wsum = wsum + np.where(present[:, k], weights[k], 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(wsum > 0, total / np.where(wsum > 0, wsum, 1), np.nan)
    return out.astype(np.float32).astype(np.float64)


def tier_of(scores, tiers, mins):
    """Tiers healthiest first; the first whose lower bound the score reaches, else the last."""
    out = np.full(len(scores), tiers[-1]["id"], dtype=object)
    assigned = np.zeros(len(scores), dtype=bool)
    for t, low in zip(tiers, mins):
        hit = ~assigned & (scores >= low)
        out[hit] = t["id"]
        assigned |= hit
    out[np.isnan(scores)] = None
    return out


def overridden(score, df, tiers, mins):
    """Scores with the overrides in force applied under one configuration's cut points (float32, as stored),
    and which rows an override set."""
    out = score.copy()
    hit = np.zeros(len(out), dtype=bool)
    labels = df["override_tier"].to_numpy(dtype=object)
    given = df["override_score"].to_numpy(dtype=np.float64)
    for j in range(len(out)):
        label = labels[j]
        k = -1
        if isinstance(label, str) and label.strip():
            low = label.strip().lower()
            k = next((i for i, t in enumerate(tiers) if t["id"].lower() == low or t["name"].lower() == low), -1)
        if k >= 0:
            top = 100 if k == 0 else mins[k - 1]
            out[j] = math.floor((mins[k] + top) / 2)
            hit[j] = True
        elif not math.isnan(given[j]):
            out[j] = float(np.float32(min(100.0, max(0.0, given[j]))))
            hit[j] = True
    return out, hit


def ratio(a, b):
    return None if b == 0 else a / b


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--snapshots", required=True)
    ap.add_argument("--config", required=True)
    ap.add_argument("--horizon", type=int, required=True)
    ap.add_argument("--window", type=int, required=True)
    ap.add_argument("--outcome", default="churn")
    ap.add_argument("--at-risk", nargs="+", required=True)
    ap.add_argument("--as-of", default=None, help="portfolio date (default: the latest snapshot date)")
    ap.add_argument("--overrides", choices=["ignore", "apply"], default="ignore")
    a = ap.parse_args()

    config = json.load(open(a.config))
    tiers = config["tiers"]["tiers"]
    # round_trip: the default parser may be an ulp off, and the scores are compared exactly.
    df = pd.read_csv(a.snapshots, dtype={"account_id": str, "as_of": str, "tier": str}, float_precision="round_trip")
    # Labels as written: pandas would read a region called "NA" (North America) as missing.
    labels = ["segment", "rule_plan", "rule_region", "override_tier"]
    df[labels] = pd.read_csv(a.snapshots, usecols=labels, dtype=str, keep_default_na=False)[labels]
    for flag in ("at_risk", "churned_within_horizon", "evaluated"):
        df[flag] = df[flag].astype(str).str.lower() == "true"

    which = assign(df, config)
    score = np.full(len(df), np.nan)
    tier = np.full(len(df), None, dtype=object)
    set_by_override = np.zeros(len(df), dtype=bool)
    for c, (cats, policy, mins) in enumerate(configurations(config)):
        rows = which == c
        if not rows.any():
            continue
        part = df[rows]
        score[rows] = overall_scores(part, cats, policy)
        if a.overrides == "apply":
            score[rows], set_by_override[rows] = overridden(score[rows], part, tiers, mins)
        tier[rows] = tier_of(score[rows], tiers, mins)
    at_risk = np.isin(tier, a.at_risk)
    days = df["days_to_outcome"].to_numpy(dtype=np.float64)
    observed_days = df["observed_days"].to_numpy(dtype=np.float64)
    label = np.where(np.isnan(days), False, days <= a.horizon)

    # Which dates are observed, and which of those fall in the window.
    dates = sorted(df["as_of"].unique())
    min_observed = df.assign(o=observed_days).groupby("as_of")["o"].min()
    observed = {d: bool(min_observed[d] >= a.horizon) for d in dates}
    observed_dates = [d for d in dates if observed[d]]
    if observed_dates:
        frm = "" if a.window >= 1200 else months_before(observed_dates[-1], a.window)
        window = [d for d in observed_dates if d > frm]
    else:
        window = []
    in_window = df["as_of"].isin(window).to_numpy()
    date_observed = df["as_of"].map(observed).to_numpy(dtype=bool)
    evaluated = in_window

    y = label[evaluated].astype(np.int64)
    pred = at_risk[evaluated].astype(np.int64)
    s = score[evaluated]
    if np.isnan(s).any():
        sys.exit("pipeline_oracle.py: evaluated snapshots without a score are not supported")
    tn, fp, fn, tp = (int(x) for x in confusion_matrix(y, pred, labels=[0, 1]).ravel())
    n = int(len(y))
    positives = tp + fn
    precision = float(precision_score(y, pred, zero_division=0)) if tp + fp > 0 else None
    recall = float(recall_score(y, pred, zero_division=0)) if positives > 0 else None
    f1 = float(f1_score(y, pred, zero_division=0)) if 2 * tp + fp + fn > 0 else None
    base = ratio(positives, n)
    both = positives > 0 and n - positives > 0
    tier_stats = []
    for t in tiers:
        m = tier[evaluated] == t["id"]
        count, churned = int(m.sum()), int(y[m].sum())
        tier_stats.append({"tierId": t["id"], "count": count, "churned": churned, "churnRate": ratio(churned, count)})

    as_of = a.as_of or dates[-1]
    now = (df["as_of"] == as_of).to_numpy()
    # An override is in force when the snapshot carries one, whether or not it names a tier of the scheme.
    in_force = (df["override_tier"].str.strip() != "").to_numpy() | ~np.isnan(df["override_score"].to_numpy(dtype=np.float64))
    mismatch = {
        # The engine's scores are float32; compared exactly.
        "score": int((~np.isclose(score, df["score"].to_numpy(dtype=np.float64), rtol=0, atol=0, equal_nan=True)).sum()),
        "tier": int((tier != df["tier"].to_numpy(dtype=object)).sum()),
        "atRisk": int((at_risk != df["at_risk"].to_numpy()).sum()),
        "evaluated": int((evaluated != df["evaluated"].to_numpy()).sum()),
        "churned": int((label[evaluated] != df["churned_within_horizon"].to_numpy()[evaluated]).sum()),
    }
    result = {
        "mismatches": mismatch,
        "periods": window,
        "evaluated": n,
        "censored": int((~date_observed).sum()),
        "outsideWindow": int((date_observed & ~in_window).sum()),
        "overall": {
            "confusion": {"tp": tp, "fp": fp, "fn": fn, "tn": tn},
            "n": n,
            "positives": positives,
            "baseRate": base,
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "specificity": ratio(tn, tn + fp),
            "accuracy": ratio(tp + tn, n),
            "lift": precision / base if precision is not None and base else None,
        },
        "tiers": tier_stats,
        "auc": float(roc_auc_score(y, -s)) if both else None,
        "averagePrecision": float(average_precision_score(y, -s)) if positives > 0 else None,
        "portfolio": {
            "asOf": as_of,
            "accounts": int(now.sum()),
            "tierCounts": [{"tierId": t["id"], "count": int((tier[now] == t["id"]).sum())} for t in tiers],
            "overridesInForce": int((now & in_force).sum()),
        },
        "overriddenEvaluated": int(set_by_override[evaluated].sum()),
    }
    json.dump(result, sys.stdout, indent=2, allow_nan=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
