#!/usr/bin/python3
"""Reference ROC and precision-recall curves, computed with scikit-learn.

    /usr/bin/python3 tests/reference/sklearn_curves.py > tests/fixtures/sklearn-curves.json

Risk is "a lower health score means more likely to churn", so scikit-learn
gets y_score = -score and its thresholds are the negated scores. The full
curves (drop_intermediate=False: one point per distinct score) are written
riskiest first, as the engine lists them: ROC from (0, 0), precision-recall
without scikit-learn's closing (recall 0, precision 1) point. Cases: ties,
more distinct scores than the engine draws (it thins to 240 points), rows
weighted as a bootstrap replicate weighs them (some weight 0), no churners.
"""
import json
import warnings

import numpy as np
from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score, roc_curve

warnings.filterwarnings("ignore")
rng = np.random.default_rng(20261201)


def case(name, scores, labels, weights=None):
    scores = np.asarray(scores, dtype=np.float32)
    labels = np.asarray(labels, dtype=np.int64)
    y_score = -scores.astype(np.float64)
    P = float(labels @ (weights if weights is not None else np.ones(len(labels))))
    N = float((1 - labels) @ (weights if weights is not None else np.ones(len(labels))))
    out = {"name": name, "scores": [float(s) for s in scores], "labels": labels.tolist(),
           "weights": None if weights is None else [int(w) for w in weights], "positives": P, "negatives": N}
    fpr, tpr, thr = roc_curve(labels, y_score, sample_weight=weights, drop_intermediate=False)
    if N == 0 or P == 0:
        out["roc"] = None
    else:
        # The first point is (0, 0) at threshold +inf: the engine writes it with threshold -inf (score scale).
        out["roc"] = [{"x": float(x), "y": float(y), "threshold": float(-t)} for x, y, t in zip(fpr[1:], tpr[1:], thr[1:])]
    if P > 0:
        prec, rec, thr = precision_recall_curve(labels, y_score, sample_weight=weights)
        # scikit-learn lists thresholds ascending (riskiest last) and closes with (recall 0, precision 1).
        out["pr"] = [{"x": float(r), "y": float(p), "threshold": float(-t)} for p, r, t in zip(prec[:-1][::-1], rec[:-1][::-1], thr[::-1])]
        out["auc"] = float(roc_auc_score(labels, y_score, sample_weight=weights)) if N > 0 else None
        out["averagePrecision"] = float(average_precision_score(labels, y_score, sample_weight=weights))
    else:
        out["pr"] = None
        out["auc"] = None
        out["averagePrecision"] = None
    return out


cases = []
s = rng.integers(0, 21, 60).astype(np.float32)
y = (rng.random(60) < 1 / (1 + np.exp((s - 8) / 3))).astype(int)
cases.append(case("integer scores with ties", s, y))
s = (rng.beta(4, 2, 900) * 100).astype(np.float32)
y = (rng.random(900) < 1 / (1 + np.exp((s - 50) / 8))).astype(int)
cases.append(case("900 distinct scores, thinned to 240 points", s, y))
s = rng.integers(0, 15, 40).astype(np.float32)
y = (rng.random(40) < 0.35).astype(int)
w = rng.multinomial(40, np.ones(40) / 40)
cases.append(case("weighted as a bootstrap replicate, some rows weight 0", s, y, w))
cases.append(case("no churners", rng.integers(0, 50, 30).astype(np.float32), np.zeros(30, int)))
cases.append(case("only churners", rng.integers(0, 50, 30).astype(np.float32), np.ones(30, int)))

print(json.dumps({"generator": "tests/reference/sklearn_curves.py", "sklearn": __import__("sklearn").__version__, "cases": cases}))
