"""Checkers that say what is wrong, not just "incorrect": ``check_dropout`` and ``check_answer``.

``check_dropout`` runs a student's dropout through a sequence of small named checks, one per
mistake people make (each its own function below); statistical checks allow Z standard errors.
"""
import math

import numpy as np
import torch

from .stats import Z, binomial_fraction_standard_error

N = 200_000  # units per statistical check: fractions measured to about 0.001
P = 0.2  # 1/p = 5 and 1/(1-p) = 1.25 differ, so a swapped factor shows (at p = 0.5 both are 2)


def p0_zero_bound(n, draw_zero=2.0**-24, z=Z):
    """How many of n units a correct dropout may drop at p = 0: D2L's rule ``rand > p`` drops a unit
    whenever torch.rand returns exactly 0.0 (probability 2^-24 per float32 draw).

    The count is Poisson with mean n 2^-24 (0.012 for n = 200,000); returns the smallest k with
    P(count > k) below the two-sided normal tail beyond z (5.7e-7 for z = 5), the course's Z rule.
    """
    mean, tail_limit = n * draw_zero, math.erfc(z / math.sqrt(2))
    k, term = 0, math.exp(-mean)
    cumulative = term
    while 1 - cumulative >= tail_limit:
        k += 1
        term *= mean / k
        cumulative += term
    return k


def check_dropout(fn):
    """Check a student's ``fn(x, p, training=True)`` for torch tensors; return a message if all pass.

    Raises AssertionError with specific feedback at the first problem found, in this order:
    not a new tensor of x's shape and dtype (or changes x in place); at p = 0: inf/NaN (divides
    by p), units dropped (about 100%: keep/drop swapped; about 50%: randn instead of rand);
    at p = 0.2: keep/drop swapped, randn behind an early return (drops Phi(p)), a wrong fraction,
    output that ignores x, no rescaling, 1/p or another wrong factor; NaN at p = 1; ignores
    training=False; the same mask on every call (re-seeding); one mask shared by the examples of
    a batch, or whole examples dropped at once. D2L's rule ``rand > p`` passes: at p = 0 a few
    units where torch.rand returned exactly 0.0 are tolerated (``p0_zero_bound``).
    """
    call = _caller(fn)
    x = torch.linspace(0.5, 1.5, N)  # different values, none zero: survivors must be x / (1-p)
    for check in (_p0_changes_nothing, _drops_a_fraction_p, _rescales_by_one_over_keep, _p1_drops_everything,
                  _eval_is_the_identity, _fresh_mask_every_call, _a_mask_per_element):
        check(call, x)
    return ("All checks passed: unbiased, drops a fraction p, rescales x by 1/(1-p), safe at p = 1, "
            "identity in eval, fresh masks, a mask per element of a batch.")


def _caller(fn):
    """fn, wrapped to check that it returns a new tensor of its input's shape and dtype."""
    def call(x, p, **kwargs):
        before = x.clone()
        out = fn(x, p, **kwargs)
        assert isinstance(out, torch.Tensor), f"fn should return a tensor; it returned {type(out).__name__}"
        assert torch.equal(x, before), "fn changes its input in place; return a new tensor instead (x * mask, not x *= mask)"
        assert out.shape == x.shape, f"output shape {tuple(out.shape)} differs from input shape {tuple(x.shape)}"
        assert out.dtype == x.dtype, f"output dtype {out.dtype} differs from input dtype {x.dtype}"
        return out
    return call


def _refuse_ignoring_x(out):
    """Every kept unit has the same value although x varies: fn returned the mask, not x times it."""
    kept = out[out != 0]
    if len(kept) > 1 and torch.allclose(kept, kept[0].expand(len(kept))):
        raise AssertionError(
            f"the output ignores x's values: every kept unit comes out as {kept[0].item():.3f}, whatever x is "
            "(x runs from 0.5 to 1.5 here). Multiply x by the mask: x * mask / (1 - p), not mask / (1 - p)")


def _p0_changes_nothing(call, x):
    out = call(x, 0.0)
    assert torch.isfinite(out).all(), "at p = 0 the output contains inf or NaN: is it divided by p (here 0) instead of by 1 - p?"
    dropped, allowed = int((out == 0).sum()), p0_zero_bound(N)
    if dropped > allowed:
        fraction = dropped / N
        if N - dropped <= allowed:  # kept only where rand returned exactly 0.0, if anywhere
            raise AssertionError(
                f"at p = 0 it dropped {fraction:.0%} of the units, but p = 0 must drop none: keep and drop are "
                "swapped, it treats p as the KEEP probability. In this course p is the DROP probability: "
                "keep a unit when rand >= p.")
        if abs(fraction - 0.5) < Z * binomial_fraction_standard_error(0.5, N):
            raise AssertionError(
                f"at p = 0 it dropped {fraction:.0%} of the units, but p = 0 must drop none. Half of all normal "
                "draws are below 0: is the mask built from torch.randn (normal) instead of torch.rand "
                "(uniform in [0, 1))?")
        raise AssertionError(f"at p = 0 it dropped {fraction:.1%} of the units, but p = 0 must drop none")
    _refuse_ignoring_x(out)
    assert torch.equal(out[out != 0], x[out != 0]), "at p = 0 the output must equal the input"


def _drops_a_fraction_p(call, x):
    zeros = (call(x, P) == 0).float().mean().item()
    bound = Z * binomial_fraction_standard_error(P, N)
    if abs(zeros - (1 - P)) < bound:
        raise AssertionError(
            f"at p = {P} it dropped {zeros:.0%} of the units: it treats p as the KEEP probability. "
            "In this course p is the DROP probability: keep a unit when rand >= p.")
    below = 0.5 * (1 + math.erf(P / math.sqrt(2)))  # P(normal draw < p) = Phi(p)
    if abs(zeros - below) < Z * binomial_fraction_standard_error(below, N):
        raise AssertionError(
            f"at p = {P} it dropped {zeros:.1%} of the units, close to Phi({P}) = {below:.1%}, the chance that a "
            "normal draw is below p. Is the mask built from torch.randn (normal) instead of torch.rand "
            "(uniform in [0, 1))?")
    assert abs(zeros - P) < bound, f"at p = {P} it dropped {zeros:.1%} of the units; expected about {P:.0%}"


def _rescales_by_one_over_keep(call, x):
    out = call(x, P)
    _refuse_ignoring_x(out)
    survivors = out[out != 0] / x[out != 0]
    scale = survivors.mean().item()
    assert torch.allclose(survivors, torch.tensor(scale)), "survivors are scaled by different factors; use one factor 1/(1-p)"
    if abs(scale - 1.0) < 1e-4:
        raise AssertionError("survivors are not rescaled, so E[x'] = (1-p) x: divide them by (1 - p)")
    if abs(scale - 1 / P) < 1e-3:
        raise AssertionError(
            f"survivors are scaled by {scale:.3f} = 1/p: divide by 1 - p (= {1 - P:g}), not by p. "
            f"With 1/p, E[x'] = (1-p)/p x = {(1 - P) / P:g} x at p = {P}, not x")
    assert abs(scale - 1 / (1 - P)) < 1e-4, f"survivors are scaled by {scale:.3f}; expected 1/(1-p) = {1 / (1 - P):.3f}"


def _p1_drops_everything(call, x):
    out = call(x, 1.0)
    assert not torch.isnan(out).any(), "p = 1 gives NaN: 0 / (1 - p) divides by zero. Return zeros when p = 1"
    assert torch.all(out == 0), "p = 1 must drop every unit (return zeros)"


def _eval_is_the_identity(call, x):
    assert torch.equal(call(x, 0.5, training=False), x), "with training=False dropout must return its input unchanged"


def _fresh_mask_every_call(call, x):
    assert not torch.equal(call(x, 0.5) == 0, call(x, 0.5) == 0), (
        "two calls gave the same mask. Is the generator re-seeded inside the function "
        "(torch.manual_seed in the layer)? Seed once, outside; each call needs a fresh mask.")


def _a_mask_per_element(call, x):
    dropped = call(x.reshape(400, 500), 0.5) == 0  # 400 examples of 500 units
    assert not (dropped == dropped[:1]).all(), (
        "every example (row) of a batch got the same mask: draw one random number per ELEMENT, "
        "torch.rand(x.shape), not one per unit (torch.rand(x.shape[-1])) shared by the batch")
    assert not (dropped == dropped[:, :1]).all(), (
        "whole examples (rows) are dropped at once: draw one random number per ELEMENT, "
        "torch.rand(x.shape), not one per example")
    fraction = dropped.float().mean().item()
    assert abs(fraction - 0.5) < Z * binomial_fraction_standard_error(0.5, dropped.numel()), (
        f"on a 2-D batch at p = 0.5 it dropped {fraction:.1%} of the elements; expected about 50%")


def check_answer(name, value, expected, rtol=1e-6, mistakes=None):
    """Compare a numeric exercise answer with the expected one; say HOW a wrong one differs.

    The message gives the ratio and the difference (absolute and relative).
    mistakes: optional {wrong value: hint} for known wrong answers, e.g.
    ``{400.0: "did you use (1-p)/p, the keep-convention formula?"}``.
    """
    value = float(value)
    if np.isclose(value, expected, rtol=rtol, atol=0):
        return f"{name}: correct ({value:g})"
    message = f"{name}: your answer {value:g} differs from the expected {expected:g}"
    if expected != 0 and value != 0:
        ratio = value / expected
        if ratio < 0:
            message += f": it has the wrong sign ({ratio:.3g} times the expected value)"
        elif ratio > 1:
            message += f": too large by a factor {ratio:.4g}"
        else:
            message += f": too small by a factor {1 / ratio:.4g} ({ratio:.4g} times the expected value)"
    difference = value - expected
    message += f"; difference {difference:+g}"
    if expected != 0:
        message += f" (relative {difference / abs(expected):+.1%})"
    for wrong, hint in (mistakes or {}).items():
        if np.isclose(value, wrong, rtol=rtol, atol=0):
            message += f". {hint}"
    raise AssertionError(message)
