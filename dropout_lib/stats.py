"""The course's statistics policy: how far a measurement may stray, and when an effect is "clear".

Two rules, one constant each:

- ``Z = 5``: a check that a measurement equals its expected value (a closed form,
  a known fraction) allows Z standard errors: |measured - expected| < Z * se.
  With a known standard error (a formula, or one estimated from many samples), a
  correct implementation fails one such check with probability below 6e-7, while a
  bias of a few standard errors still fails. When the standard error is itself
  estimated from few samples, the allowance is ``t_quantile(n - 1)`` instead.
  The checks in the tests, the exercises and the lessons all use it.
- ``Z_CLEAR = 2``: an effect measured over a few seeds (e.g. the paired gap in
  test error between two settings) is called "clear" when its mean exceeds
  Z_CLEAR standard errors (``clearly_positive``); the prose reports it as
  mean ± SE. A lesson asserts a claimed effect with ``clearly_positive``; the
  tests re-run every lesson with other seeds, so only effects that are large
  compared with their spread survive as claims (a rare seed can still fail a
  2-SE check by chance: this is a rule for wording results, not a proof).
  Z_CLEAR is for effects, never for agreement checks (those use Z).

Standard errors below are of means (ddof=1 for samples), fractions and variances.
"""
import math

import numpy as np

from .functional import dropout

Z = 5.0
Z_CLEAR = 2.0


def t_quantile(degrees_of_freedom, z=Z):
    """The allowance, in standard errors, when the SE itself is estimated from few samples.

    Student's t quantile with the same two-sided tail as ``z`` has for a normal
    (5.7e-7 for Z = 5): e.g. 12.4 for 9 degrees of freedom (10 paired runs), 6.27 for 31.
    """
    from scipy import stats as scipy_stats

    tail = math.erfc(z / math.sqrt(2))
    return float(scipy_stats.t.isf(tail / 2, degrees_of_freedom))


def mean_and_se(samples, axis=0):
    """Mean and standard error of the mean of ``samples`` along ``axis`` (ddof=1)."""
    samples = np.asarray(samples, dtype=float)
    return samples.mean(axis), samples.std(axis=axis, ddof=1) / np.sqrt(samples.shape[axis])


def paired_difference(a, b, axis=0):
    """Mean ± SE of a - b, paired along ``axis`` (e.g. seeds: the same training set for a and b)."""
    return mean_and_se(np.asarray(a, dtype=float) - np.asarray(b, dtype=float), axis)


def clearly_positive(mean, se):
    """True when an effect is clear: mean > Z_CLEAR standard errors."""
    return mean > Z_CLEAR * se


def mean_standard_error(variance, n):
    """Standard error of the mean of n independent draws with this variance."""
    return math.sqrt(variance / n)


def binomial_fraction_standard_error(p, n):
    """Standard error of the fraction of n independent trials that succeed with probability p."""
    return math.sqrt(p * (1.0 - p) / n)


def binomial_fraction_moments(n, keep):
    """Variance and fourth central moment of the fraction of n trials kept with probability ``keep``.

    For a Binomial(n, keep) count K, with v = keep (1 - keep): Var K = n v and
    E[(K - n keep)^4] = n v (1 + 3(n-2) v); divide by n^2 and n^4.
    """
    v = keep * (1.0 - keep)
    return v / n, n * v * (1.0 + 3.0 * (n - 2) * v) / n**4


def variance_standard_error(variance, fourth_central_moment, m):
    """Large-m standard error of the sample variance of m independent draws."""
    return math.sqrt((fourth_central_moment - variance**2) / m)


def dropout_variance_tolerance(x, p, n, z=Z):
    """How far the measured variance of n dropped-out copies of x may be from x^2 p/(1-p).

    The samples take two values, 0 and a = x/(1-p), so their (population)
    variance is a^2 f(1-f) with f the measured keep fraction. If f is within
    d = z standard errors of 1-p, the variance is within a^2 d (|1-2(1-p)| + d)
    of its expected value: a rigorous bound, also at p = 0.5 where the
    first-order (delta-method) error vanishes.
    """
    keep = 1.0 - p
    a = x / keep
    d = z * binomial_fraction_standard_error(keep, n)
    return a**2 * d * (abs(1.0 - 2.0 * keep) + d)


def dropout_noise_term(h, p, generator=None):
    """Measured and predicted extra variance that dropout adds to activations ``h``, with a tolerance.

    With h' = dropout(h, p), the variance over all entries obeys
    E[Var(h')] = Var(h) + p/(1-p) mean(h^2) (1 - 1/N) for N entries (the
    noise term). Returns (measured Var(h') - Var(h), predicted, tolerance):
    the tolerance is Z times a bound on the standard error of the measured
    difference, plus the size of the next-order term.
    """
    h = h.double().flatten()
    n = h.numel()
    noisy = dropout(h, p, generator=generator)
    measured = (noisy.var(correction=0) - h.var(correction=0)).item()
    s2, s4 = (h**2).sum().item(), (h**4).sum().item()
    predicted = p / (1 - p) * s2 / n * (1 - 1 / n)
    se_squares = math.sqrt(p / (1 - p) ** 3 * s4) / n     # SE of mean(h'^2)
    se_mean = math.sqrt(p / (1 - p) * s2) / n             # SE of mean(h')
    tolerance = Z * (se_squares + 2 * abs(h.mean().item()) * se_mean) + (Z * se_mean) ** 2
    return measured, predicted, tolerance
