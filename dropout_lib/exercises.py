"""Checkers for the exercises: they say what is wrong, not just "incorrect"."""
import numpy as np
import torch

from .stats import Z, binomial_fraction_standard_error


def check_dropout(fn):
    """Check a student's ``fn(x, p, training=True)`` for torch tensors.

    Raises AssertionError with specific feedback at the first problem found
    (wrong shape or dtype, drops at p = 0, keep/drop swapped, no or wrong
    rescaling (so E[x'] != x), NaN at p = 1, ignores training=False, the same
    mask every call, changes its input in place); returns a message if all pass.
    """
    n = 200_000
    x = torch.full((n,), 2.0)

    def call(x_, p, **kwargs):
        before = x_.clone()
        out = fn(x_, p, **kwargs)
        assert isinstance(out, torch.Tensor), f"fn should return a tensor; it returned {type(out).__name__}"
        assert torch.equal(x_, before), "fn changes its input in place; return a new tensor instead (x * mask, not x *= mask)"
        assert out.shape == x_.shape, f"output shape {tuple(out.shape)} differs from input shape {tuple(x_.shape)}"
        assert out.dtype == x_.dtype, f"output dtype {out.dtype} differs from input dtype {x_.dtype}"
        return out

    out = call(x, 0.0)
    zeros = (out == 0).float().mean().item()
    assert zeros == 0, (
        f"at p = 0 it dropped {zeros:.0%} of the units, but p = 0 must drop none. "
        "Is the mask built from torch.randn (normal) instead of torch.rand (uniform in [0, 1))?")
    assert torch.equal(out, x), "at p = 0 the output must equal the input"

    p = 0.2
    out = call(x, p)
    zeros = (out == 0).float().mean().item()
    bound = Z * binomial_fraction_standard_error(p, n)
    if abs(zeros - (1 - p)) < bound:
        raise AssertionError(
            f"at p = {p} it dropped {zeros:.0%} of the units: it treats p as the KEEP probability. "
            "In this course p is the DROP probability: keep a unit when rand >= p.")
    assert abs(zeros - p) < bound, f"at p = {p} it dropped {zeros:.1%} of the units; expected about {p:.0%}"
    survivors = out[out != 0] / x[out != 0]
    scale = survivors.mean().item()
    assert torch.allclose(survivors, torch.tensor(scale)), "survivors are scaled by different factors; use one factor 1/(1-p)"
    if abs(scale - 1.0) < 1e-6:
        raise AssertionError("survivors are not rescaled, so E[x'] = (1-p) x: divide them by (1 - p)")
    assert abs(scale - 1 / (1 - p)) < 1e-4, f"survivors are scaled by {scale:.3f}; expected 1/(1-p) = {1 / (1 - p):.3f}"

    out = call(x, 1.0)
    assert not torch.isnan(out).any(), "p = 1 gives NaN: 0 / (1 - p) divides by zero. Return zeros when p = 1"
    assert torch.all(out == 0), "p = 1 must drop every unit (return zeros)"

    assert torch.equal(call(x, 0.5, training=False), x), "with training=False dropout must return its input unchanged"

    first, second = call(x, 0.5) == 0, call(x, 0.5) == 0
    assert not torch.equal(first, second), (
        "two calls gave the same mask. Is the generator re-seeded inside the function "
        "(torch.manual_seed in the layer)? Seed once, outside; each call needs a fresh mask.")
    return "All checks passed: unbiased, drops a fraction p, rescales by 1/(1-p), safe at p = 1, identity in eval, fresh masks."


def check_answer(name, value, expected, rtol=1e-6):
    """Compare a numeric exercise answer with the expected one; explain a mismatch."""
    value = float(value)
    if not np.isclose(value, expected, rtol=rtol, atol=0):
        raise AssertionError(f"{name}: your answer {value:g} differs from the expected {expected:g}")
    return f"{name}: correct ({value:g})"
