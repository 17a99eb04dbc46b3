#!/usr/bin/python3
"""Reference values for the backtest metrics, computed independently with
scikit-learn and pandas (Debian's python3-sklearn / python3-pandas).

    /usr/bin/python3 tests/reference/sklearn_metrics.py > tests/fixtures/sklearn-metrics.json

Risk is "a lower health score means more likely to churn", so scikit-learn
gets y_score = -score. Cases cover ties, continuous scores, no churners, only
churners, one snapshot and one shared score.
"""
import json
import warnings

import numpy as np
import pandas as pd
from sklearn.metrics import (accuracy_score, average_precision_score, confusion_matrix, f1_score,
                             precision_score, recall_score, roc_auc_score)

warnings.filterwarnings("ignore")
rng = np.random.default_rng(20261124)


def case(name, scores, labels, months, threshold, k, target):
    scores = np.asarray(scores, dtype=np.float32)
    labels = np.asarray(labels, dtype=np.int64)
    months = np.asarray(months, dtype=np.int64)
    n = len(scores)
    P = int(labels.sum())
    N = n - P
    y_score = -scores.astype(np.float64)
    pred = (scores < threshold).astype(np.int64)
    tn, fp, fn, tp = confusion_matrix(labels, pred, labels=[0, 1]).ravel()
    out = {
        "name": name,
        "scores": [float(s) for s in scores],
        "labels": labels.tolist(),
        "months": months.tolist(),
        "threshold": threshold,
        "k": k,
        "targetRecall": target,
        "expected": {
            "auc": float(roc_auc_score(labels, y_score)) if P > 0 and N > 0 else None,
            "averagePrecision": float(average_precision_score(labels, y_score)) if P > 0 else None,
            "confusion": {"tp": int(tp), "fp": int(fp), "fn": int(fn), "tn": int(tn)},
            "precision": float(precision_score(labels, pred, zero_division=0)) if tp + fp > 0 else None,
            "recall": float(recall_score(labels, pred, zero_division=0)) if P > 0 else None,
            "f1": float(f1_score(labels, pred, zero_division=0)) if 2 * tp + fp + fn > 0 else None,
            "accuracy": float(accuracy_score(labels, pred)) if n > 0 else None,
            "specificity": float(tn / (tn + fp)) if tn + fp > 0 else None,
        },
    }
    # Deciles and gains by rank: ascending score, ties in input order.
    df = pd.DataFrame({"score": scores, "label": labels, "month": months})
    df["rank"] = np.argsort(np.argsort(df["score"].to_numpy(), kind="stable"), kind="stable")
    df["decile"] = (10 * df["rank"]) // n
    g = df.groupby("decile").agg(count=("label", "size"), churned=("label", "sum")).reindex(range(10), fill_value=0)
    cum = g["churned"].cumsum()
    out["expected"]["deciles"] = [
        {"count": int(r["count"]), "churned": int(r["churned"]), "cumulativeGain": float(cum[d] / P) if P > 0 else None}
        for d, r in g.iterrows()
    ]
    base = P / n
    out["expected"]["topDecileLift"] = float((g["churned"][0] / g["count"][0]) / base) if P > 0 and g["count"][0] > 0 else None
    # Capacity: the K lowest-scored snapshots of each month.
    df = df.sort_values(["score"], kind="stable")
    df["month_rank"] = df.groupby("month").cumcount()
    caught = int(df[(df["month_rank"] < k) & (df["label"] == 1)].shape[0])
    out["expected"]["recallAtK"] = caught / P if P > 0 else None
    if P > 0:
        per_k = [int(df[(df["month_rank"] < K) & (df["label"] == 1)].shape[0]) / P for K in range(0, int(df["month_rank"].max()) + 2)]
        out["expected"]["kForTarget"] = next(K for K, r in enumerate(per_k) if r >= target - 1e-12)
    else:
        out["expected"]["kForTarget"] = None
    # Capacity month by month: each month's K lowest against that month's churners; no churners, no recall.
    by_month = df.assign(worked=df["month_rank"] < k, caught=(df["month_rank"] < k) & (df["label"] == 1)).groupby("month").agg(
        accounts=("label", "size"), worked=("worked", "sum"), churners=("label", "sum"), caught=("caught", "sum"))
    by_month = by_month.reindex(range(int(months.max()) + 1), fill_value=0)
    out["expected"]["byMonth"] = [
        {"accounts": int(r["accounts"]), "worked": int(r["worked"]), "churners": int(r["churners"]), "churnersCaught": int(r["caught"]),
         "recallAtK": float(r["caught"] / r["churners"]) if r["churners"] > 0 else None}
        for _, r in by_month.iterrows()
    ]
    return out


cases = []
# Heavy ties: integer scores, churn more likely at low scores.
s = rng.integers(0, 101, 3000).astype(np.float32)
y = (rng.random(3000) < 1 / (1 + np.exp((s - 35) / 8))).astype(int)
cases.append(case("integer scores with many ties", s, y, rng.integers(0, 12, 3000), 40, 25, 0.7))
# Continuous float32 scores.
s = (rng.beta(5, 2, 5000) * 100).astype(np.float32)
y = (rng.random(5000) < 1 / (1 + np.exp((s - 45) / 6))).astype(int)
cases.append(case("continuous scores", s, y, rng.integers(0, 24, 5000), 55, 40, 0.5))
# Scores on a coarse grid with ties across both classes.
s = (np.round(rng.normal(60, 15, 800) / 2.5) * 2.5).clip(0, 100).astype(np.float32)
y = (rng.random(800) < 0.15).astype(int)
cases.append(case("coarse grid, weak signal", s, y, rng.integers(0, 3, 800), 50, 10, 0.9))
cases.append(case("no churners at all", rng.integers(0, 101, 200).astype(np.float32), np.zeros(200, int), rng.integers(0, 4, 200), 40, 5, 0.7))
cases.append(case("only churners", rng.integers(0, 101, 150).astype(np.float32), np.ones(150, int), rng.integers(0, 4, 150), 40, 5, 0.7))
cases.append(case("one shared score", np.full(300, 55.5, np.float32), (rng.random(300) < 0.2).astype(int), rng.integers(0, 5, 300), 60, 7, 0.5))
cases.append(case("a single snapshot", [12.5], [1], [0], 40, 1, 0.7))

# Logistic regression without penalty: the weight suggestion's fit, where no constraint binds.
from sklearn.linear_model import LogisticRegression
X = rng.normal(0, 0.5, (4000, 3))
eta = -2.5 + X @ np.array([1.2, 0.6, 0.2])
yl = (rng.random(4000) < 1 / (1 + np.exp(-eta))).astype(int)
m = LogisticRegression(penalty="none", tol=1e-10, max_iter=10000).fit(X, yl)
logistic = {"x": X.T.tolist(), "y": yl.tolist(), "intercept": float(m.intercept_[0]), "coefficients": m.coef_[0].tolist()}

print(json.dumps({"generator": "tests/reference/sklearn_metrics.py", "sklearn": __import__("sklearn").__version__, "cases": cases, "logistic": logistic}))
