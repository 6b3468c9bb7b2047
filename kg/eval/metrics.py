"""Scores shared by the evaluation tasks."""

from __future__ import annotations


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    """Precision, recall and F1 from counts, rounded to four places.

    >>> prf(3, 4, 6)
    {'p': 0.75, 'r': 0.5, 'f1': 0.6}
    """
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}
