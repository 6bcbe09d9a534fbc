"""One line per claim: the checks the lessons call.

A lesson states a claim in plain words and checks it with one call here, which prints
``✓ checked: <claim> (<the numbers>)`` or raises AssertionError saying what failed. How each
check decides is written here once (00's box "How this course checks a claim" says it in words):

- ``that``, ``identical``: exact facts (a count; the same numbers computed two ways, bit for bit).
- ``mean_is``, ``unbiased``, ``variance_is``, ``fraction_is``: a measurement of a known value
  agrees with it within Z = 5 standard errors (a correct result fails with probability below
  6e-7; a real bias of a few standard errors fails). ``below``, ``smaller``: a measured mean is
  below a value, or below another measurement (paired), by more than Z standard errors. When the
  standard error is estimated from the n samples themselves, Z becomes Student's t quantile with
  n - 1 degrees of freedom and the same tail (12.4 for 10 samples, 5.3 for 100).
- ``settles_at``: training with noise lands on a closed-form answer: the time averages of
  independent chains, within a Student-t allowance (their standard error is itself estimated).
- ``clearly_lower`` / ``not_clearly_lower``: an effect over training sets, paired: "clear" when
  the mean difference exceeds Z_CLEAR = 2 standard errors.
Measured numbers are printed after "≈" (tests/sanitize.cfg masks them: their last digit depends
on the CPU); the check itself holds on every machine.
"""
import numpy as np
import torch

from . import stats


def _passed(claim, detail=""):
    print(f"✓ checked: {claim}" + (f" ({detail})" if detail else ""))


def _allowance(n):
    """Z, for a standard error estimated from n samples: Student's t with n - 1 degrees of freedom and Z's tail."""
    return stats.t_quantile(n - 1)


def _in_se(gap, se):
    """gap in standard errors (0 / 0 = 0: the same numbers on every training set)."""
    return gap / se if se > 0 else (0.0 if gap == 0 else np.inf * np.sign(gap))


def _numpy(values):
    return values.detach().cpu().double().numpy() if isinstance(values, torch.Tensor) else np.asarray(values, float)


def that(ok, claim, detail=""):
    """An exact fact: ``ok`` must be true."""
    if not bool(ok):
        raise AssertionError(f"not true: {claim}" + (f" ({detail})" if detail else ""))
    _passed(claim, detail)


def identical(a, b, claim):
    """The same numbers, bit for bit: tensors or arrays, or sequences of them (e.g. gradients)."""
    pairs = list(zip(a, b)) if isinstance(a, (list, tuple)) else [(a, b)]
    same = len(pairs) == (len(b) if isinstance(b, (list, tuple)) else 1) and all(
        torch.equal(x, y) if isinstance(x, torch.Tensor) else np.array_equal(x, y) for x, y in pairs)
    that(same, claim, "identical, bit for bit")


def same_numbers(a, b, claim, rtol=1e-5):
    """The same numbers up to float rounding: tensors, or sequences of them, whose largest difference is
    below rtol times their largest value (float32 rounds at 6e-8 of a value)."""
    pairs = list(zip(a, b)) if isinstance(a, (list, tuple)) else [(a, b)]
    worst = max(float((x - y).detach().abs().max() / y.detach().abs().max().clamp_min(1e-30)) for x, y in pairs)
    that(worst < rtol, claim, f"largest relative difference ≈{worst:.0e}, float rounding")


def mean_is(samples, expected, claim, se=None, measured=""):
    """The mean of ``samples`` (n, ...) along axis 0 equals ``expected`` within Z standard errors.

    se: the standard error of the mean, when known (a formula); by default estimated from the
    samples (n large). Every element of a vector or array of means is checked.
    """
    samples, expected = _numpy(samples), _numpy(expected)
    mean = samples.mean(axis=0)
    allowed = stats.Z if se is not None else _allowance(len(samples))
    se = stats.mean_and_se(samples)[1] if se is None else np.asarray(se, float)
    worst = float(np.max(np.abs(mean - expected) / se))
    if not worst < allowed:
        raise AssertionError(f"not true: {claim}: the mean is {worst:.1f} standard errors from {expected} "
                             f"(allowed {allowed:.3g}); mean {mean}")
    _passed(claim, measured + f"at most ≈{worst:.1f} standard errors away; {allowed:.3g} allowed")


def unbiased(copies, x, p, claim=None):
    """Dropped-out copies of x average to x: copies (n, ...) of dropout(x, p), x (...) or a number."""
    n = len(copies)
    se = np.abs(_numpy(x)) * np.sqrt(p / (1 - p) / n)
    mean_is(copies, _numpy(x), claim or f"averaged over {n:,} dropped-out copies, every value comes back (p = {p:g})", se=se)


def variance_is(copies, x, p, claim=None):
    """The variance of n dropped-out copies of a number x is x² p/(1-p), within its sampling tolerance."""
    copies = _numpy(copies)
    expected = x**2 * p / (1 - p)
    gap, allowed = abs(copies.var() - expected), stats.dropout_variance_tolerance(x, p, len(copies))
    if not gap < allowed:
        raise AssertionError(f"not true: the variance is x² p/(1-p) = {expected:.4f} at p = {p:g}: "
                             f"measured {copies.var():.4f}, off by more than {allowed:.4f}")
    _passed(claim or f"the variance of {len(copies):,} copies is x² p/(1-p) = {expected:.4f} (p = {p:g})",
            f"measured ≈{copies.var():.4f}")


def fraction_is(flags, expected, claim):
    """The fraction of true ``flags`` is ``expected`` within Z binomial standard errors."""
    flags = _numpy(flags).ravel()
    se = stats.binomial_fraction_standard_error(expected, len(flags))
    mean_is(flags, expected, claim, se=se, measured=f"measured ≈{flags.mean():.4f} of {len(flags):,}; ")


def below(samples, value, claim):
    """The mean of ``samples`` is below ``value`` by more than Z standard errors (SE from the samples)."""
    samples = _numpy(samples)
    mean, se = stats.mean_and_se(samples)
    allowed = _allowance(len(samples))
    if not value - mean > allowed * se:
        raise AssertionError(f"not true: {claim}: mean {mean:.4f} ± {se:.4f} (SE) vs {value:.4f}")
    _passed(claim, f"≈{_in_se(value - mean, se):.0f} standard errors below, {allowed:.3g} needed")


def smaller(a, b, claim):
    """Paired measurements (many of them, e.g. one per test input): ``a`` is smaller than ``b`` on
    average by more than Z standard errors of the paired difference."""
    gap, se = stats.paired_difference(_numpy(b), _numpy(a))
    allowed = _allowance(len(_numpy(a)))
    if not gap > allowed * se:
        raise AssertionError(f"not true: {claim}: the difference is {gap:.4g} ± {se:.2g} (SE), not above {allowed:.3g} SE")
    _passed(claim, f"≈{_in_se(gap, se):.0f} standard errors apart, {allowed:.3g} needed")


def settles_at(chains, target, claim):
    """Noisy training lands on ``target`` (D,): chains is ``noisy_training.descend``'s result, the time
    averages of independent chains (chains, D) and a bound ``leftover`` on what can remain of the start.

    Each coordinate within t * SE + leftover: SE from the spread of the chains, t the Student-t
    quantile with chains - 1 degrees of freedom and Z's tail.
    """
    chains, leftover = _numpy(chains.averages), chains.leftover
    mean, se = stats.mean_and_se(chains)
    t = stats.t_quantile(len(chains) - 1)
    worst = float(np.max((np.abs(mean - target) - leftover) / se))
    if not worst < t:
        raise AssertionError(f"not true: {claim}: a weight is {worst:.1f} standard errors off (allowed {t:.2f})")
    _passed(claim, f"every weight at most ≈{worst:.1f} standard errors away; {t:.3g} allowed")


def clearly_lower(a, b, claim, points=True):
    """Paired over training sets, ``a`` is lower than ``b``: mean(b - a) > Z_CLEAR standard errors.

    points: a and b are fractions (errors), printed in percentage points.
    """
    gap, se = stats.paired_difference(_numpy(b), _numpy(a))
    unit, scale = (" points", 100) if points else ("", 1)
    if not stats.clearly_positive(gap, se):
        raise AssertionError(f"not true: {claim}: the difference is {scale * gap:.2f} ± {scale * se:.2f}{unit} (SE), "
                             f"not above {stats.Z_CLEAR:g} standard errors")
    _passed(claim, f"by ≈{scale * gap:.1f} ± {scale * se:.1f}{unit}, ≈{_in_se(gap, se):.1f} standard errors; "
                   f"clear means above {stats.Z_CLEAR:g}")


def not_clearly_lower(a, b, claim, points=True):
    """The reverse claim: ``a`` is NOT clearly lower than ``b`` (mean(b - a) <= Z_CLEAR standard errors)."""
    gap, se = stats.paired_difference(_numpy(b), _numpy(a))
    unit, scale = (" points", 100) if points else ("", 1)
    if stats.clearly_positive(gap, se):
        raise AssertionError(f"not true: {claim}: it is lower by {scale * gap:.2f} ± {scale * se:.2f}{unit}, "
                             f"{_in_se(gap, se):.1f} standard errors")
    _passed(claim, f"difference ≈{scale * gap:.1f} ± {scale * se:.1f}{unit}, ≈{_in_se(gap, se):.1f} standard errors; "
                   f"clear would need above {stats.Z_CLEAR:g}")
