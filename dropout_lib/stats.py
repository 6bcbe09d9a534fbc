"""One statistics policy for every check in the course (notebooks, tests, exercise checkers).

Asserts allow ``Z = 5`` standard errors: a correct result fails one check with
probability below 6e-7, so a check holds for any seed while a bias of a few
standard errors still fails it. Prose calls a difference "clear" when it is more
than ``CLEAR = 2`` standard errors, and always reports mean ± standard error.
"""
import math

import numpy as np

Z = 5.0      # standard errors an assert allows
CLEAR = 2.0  # standard errors for calling a measured difference "clear" in prose


def mean_se(values):
    """Mean and standard error of the mean of 1-D ``values`` (over seeds, runs, ...)."""
    values = np.asarray(values, dtype=float)
    return values.mean(), values.std(ddof=1) / math.sqrt(len(values))


def paired_difference(a, b):
    """Mean and standard error of a - b, paired element by element (same seed, same data)."""
    return mean_se(np.asarray(a, dtype=float) - np.asarray(b, dtype=float))


def mean_standard_error(variance, n):
    """Standard error of the mean of n independent draws with this variance."""
    return math.sqrt(variance / n)


def binomial_fraction_standard_error(p, n):
    """Standard error of the fraction of n independent trials that succeed with probability p."""
    return math.sqrt(p * (1.0 - p) / n)


def dropout_variance_tolerance(x, p, n, z=Z):
    """How far the measured variance of n dropped-out copies of x may be from x^2 p/(1-p).

    The samples take two values, 0 and a = x/(1-p), so their (population)
    variance is a^2 k(1-k) with k the measured keep fraction. If k is within
    d = z standard errors of 1-p, the variance is within a^2 d (|1-2(1-p)| + d)
    of its expected value: a rigorous bound, also at p = 0.5 where the
    first-order (delta-method) error vanishes.
    """
    keep = 1.0 - p
    a = x / keep
    d = z * binomial_fraction_standard_error(keep, n)
    return a**2 * d * (abs(1.0 - 2.0 * keep) + d)


def binomial_fraction_moments(n, keep):
    """Variance and fourth central moment of the fraction of n trials kept with probability ``keep``.

    For a Binomial(n, keep) count K: Var K = n k(1-k) and
    E[(K - nk)^4] = n k(1-k) (1 + 3(n-2) k(1-k)); divide by n^2 and n^4.
    """
    v = keep * (1.0 - keep)
    return v / n, n * v * (1.0 + 3.0 * (n - 2) * v) / n**4


def variance_standard_error(variance, fourth_central_moment, m):
    """Large-m standard error of the sample variance of m independent draws."""
    return math.sqrt((fourth_central_moment - variance**2) / m)
