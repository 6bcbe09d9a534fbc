"""Closed forms the lessons check against (the bounds for the checks are in stats.py).

Dropout of a single value x with drop probability p gives the two-point
distribution  x' = 0 (probability p)  or  x/(1-p) (probability 1-p).
"""
import numpy as np


def dropout_variance(x, p):
    """Var[x'] = x^2 p / (1-p)   (and E[x'] = x)."""
    return x**2 * p / (1.0 - p)


# ---- Linear regression with noisy inputs: loss = sum of squared errors ||y - X w||^2 ----
# X: (N, D) inputs, y: (N,) targets, w: (D,) weights. Numpy arrays.

def squared_error(X, y, w):
    """||y - X w||^2, the sum of squared errors."""
    r = y - X @ w
    return float(r @ r)


def input_noise_expected_loss(X, y, w, s):
    """Bishop (1995): E||y - (X + E) w||^2 for E with iid N(0, s^2) entries.

    Equals the clean loss plus N s^2 ||w||^2 exactly: ridge with lambda = N s^2.
    """
    return squared_error(X, y, w) + X.shape[0] * s**2 * float(w @ w)


def ridge_solution(X, y, lam):
    """argmin_w ||y - X w||^2 + lam ||w||^2 = (X^T X + lam I)^-1 X^T y."""
    return np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T @ y)


def dropout_penalty_weights(X, p):
    """Per-weight penalty of dropout on the inputs: p/(1-p) * diag(X^T X), shape (D,)."""
    return p / (1.0 - p) * np.sum(X**2, axis=0)


def dropout_expected_loss(X, y, w, p):
    """Wager, Wang & Liang (2013): E||y - (M * X / (1-p)) w||^2 over dropout masks M.

    Equals the clean loss plus p/(1-p) * w^T diag(X^T X) w exactly.
    """
    return squared_error(X, y, w) + float(dropout_penalty_weights(X, p) @ w**2)


def dropout_ridge_solution(X, y, p):
    """The minimizer of the expected dropout loss: (X^T X + p/(1-p) diag(X^T X))^-1 X^T y."""
    return np.linalg.solve(X.T @ X + np.diag(dropout_penalty_weights(X, p)), X.T @ y)
