"""Closed forms the lessons check against.

Dropout of a single value x with drop probability p gives the two-point
distribution  x' = 0 (probability p)  or  x/(1-p) (probability 1-p).
"""
import math


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
