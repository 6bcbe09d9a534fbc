"""Closed forms the lessons check against.

Dropout of a single value x with drop probability p gives the two-point
distribution  x' = 0 (probability p)  or  x/(1-p) (probability 1-p).
"""
import math

import numpy as np


def dropout_variance(x, p):
    """Var[x'] = x^2 p / (1-p)   (and E[x'] = x)."""
    return x**2 * p / (1.0 - p)


def mean_standard_error(variance, n):
    """Standard error of the mean of n independent draws with this variance."""
    return math.sqrt(variance / n)


def binomial_fraction_standard_error(p, n):
    """Standard error of the fraction of n independent trials that succeed with probability p."""
    return math.sqrt(p * (1.0 - p) / n)


def dropout_variance_tolerance(x, p, n, z):
    """How far the measured variance of n dropped-out copies of x may be from x^2 p/(1-p).

    The samples take two values, 0 and a = x/(1-p), so their (population)
    variance is a^2 q(1-q) with q the measured keep fraction. If q is within
    d = z standard errors of 1-p, the variance is within a^2 d (|1-2(1-p)| + d)
    of its expected value: a rigorous bound, also at p = 0.5 where the
    first-order (delta-method) error vanishes.
    """
    keep = 1.0 - p
    a = x / keep
    d = z * binomial_fraction_standard_error(keep, n)
    return a**2 * d * (abs(1.0 - 2.0 * keep) + d)


def binomial_fraction_moments(n, q):
    """Variance and fourth central moment of the fraction of n trials kept with probability q.

    For a Binomial(n, q) count K: Var K = n q(1-q) and
    E[(K - nq)^4] = n q(1-q) (1 + 3(n-2) q(1-q)); divide by n^2 and n^4.
    """
    v = q * (1.0 - q)
    return v / n, n * v * (1.0 + 3.0 * (n - 2) * v) / n**4


def variance_standard_error(variance, fourth_central_moment, m):
    """Large-m standard error of the sample variance of m independent draws."""
    return math.sqrt((fourth_central_moment - variance**2) / m)


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
