"""check_dropout: a correct implementation passes; each typical bug gets its own message."""
import numpy as np
import pytest
import torch

import dropout_lib as dl
from dropout_lib.d2l_exercises import activation_variance, swap_probabilities, train_longer
from dropout_lib.exercises import check_answer, check_dropout, p0_zero_bound


def correct(x, p, training=True):
    return dl.dropout(x, p, training=training)


def randn_mask(x, p, training=True):  # ported with randn instead of rand
    if not training:
        return x
    return x * (torch.randn(x.shape) > p) / max(1 - p, 1e-12) if p < 1 else torch.zeros_like(x)


def randn_early_return(x, p, training=True):  # randn, but p = 0 handled first: only p = 0.2 shows it
    if not training or p == 0:
        return x
    return x * (torch.randn(x.shape) > p) / (1 - p) if p < 1 else torch.zeros_like(x)


def swapped_no_early_return(x, p, training=True):  # keep/drop swapped, and p = 0 not handled apart
    return x * (torch.rand(x.shape) < p) / (1 - p) if training else x


def d2l_rule(x, p, training=True):  # D2L's dropout_layer: rand > p, no early return at p = 0
    if not training:
        return x
    if p == 1:
        return torch.zeros_like(x)
    return (torch.rand(x.shape) > p).float() * x / (1.0 - p)


def d2l_rule_unlucky(x, p, training=True):  # as if torch.rand had returned exactly 0.0 twice at p = 0
    out = d2l_rule(x, p, training)
    if training and p == 0:
        out = out.clone()
        out.view(-1)[:2] = 0
    return out


def keep_probability(x, p, training=True):  # CS231n's convention
    if not training or p == 0:
        return x
    return x * (torch.rand(x.shape) < p) / p if p > 0 else torch.zeros_like(x)


def no_rescale(x, p, training=True):
    return x * (torch.rand(x.shape) >= p) if training else x


def wrong_scale(x, p, training=True):
    return x * (torch.rand(x.shape) >= p) / (1 - p / 2) if training else x


def nan_at_one(x, p, training=True):
    return x * (torch.rand(x.shape) >= p) / (1 - p) if training else x


def ignores_training(x, p, training=True):
    return dl.dropout(x, p)


def reseeds(x, p, training=True):
    torch.manual_seed(0)
    return dl.dropout(x, p, training=training)


def in_place(x, p, training=True):
    if training:
        x *= (torch.rand(x.shape) >= p) / (1 - p) if p < 1 else 0
    return x


def wrong_dtype(x, p, training=True):
    return dl.dropout(x, p, training=training).double()


def shared_mask(x, p, training=True):  # one mask per unit, broadcast over the batch
    if not training or p == 0:
        return x
    return x * (torch.rand(x.shape[-1]) >= p) / (1 - p) if p < 1 else torch.zeros_like(x)


def drops_rows(x, p, training=True):  # one coin per example: whole rows vanish
    if not training or p == 0:
        return x
    if p == 1:
        return torch.zeros_like(x)
    mask = torch.rand(x.shape[0], *[1] * (x.dim() - 1)) >= p
    return x * mask / (1 - p) if x.dim() > 1 else dl.dropout(x, p)


def ignores_x(x, p, training=True):  # returns the scaled mask, not x times it
    if not training:
        return x
    return ((torch.rand(x.shape) >= p) / (1 - p) if p < 1 else torch.zeros_like(x)).to(x.dtype)


def divides_by_p(x, p, training=True):  # 1/p instead of 1/(1-p), with the p = 0 case handled
    if not training or p == 0:
        return x
    return x * (torch.rand(x.shape) >= p) / p


def divides_by_p_naive(x, p, training=True):  # 1/p everywhere: p = 0 gives x / 0
    return x * (torch.rand(x.shape) >= p) / p if training else x


@pytest.mark.parametrize("fn,message", [
    (randn_mask, "at p = 0 it dropped 50% of the units, but p = 0 must drop none. Half of all normal draws"),
    (randn_early_return, "close to Phi(0.2) = 57.9%.* torch.randn (normal) instead of torch.rand"),
    (swapped_no_early_return, "at p = 0 it dropped 100% of the units.* keep and drop are swapped, it treats p as the KEEP"),
    (keep_probability, "treats p as the KEEP probability"),
    (no_rescale, "survivors are not rescaled"),
    (wrong_scale, "survivors are scaled by 1.111; expected 1/(1-p) = 1.250"),
    (nan_at_one, "p = 1 gives NaN"),
    (ignores_training, "training=False dropout must return its input unchanged"),
    (reseeds, "two calls gave the same mask"),
    (in_place, "changes its input in place"),
    (wrong_dtype, "output dtype torch.float64 differs"),
    (shared_mask, "every example (row) of a batch got the same mask"),
    (drops_rows, "whole examples (rows) are dropped at once"),
    (ignores_x, "the output ignores x's values"),
    (divides_by_p, "scaled by 5.000 = 1/p: divide by 1 - p"),
    (divides_by_p_naive, "divided by p (here 0) instead of by 1 - p"),
])
def test_each_bug_gets_its_own_message(fn, message):
    with pytest.raises(AssertionError, match=message.replace("(", r"\(").replace(")", r"\)")) as feedback:
        check_dropout(fn)
    assert "randn" not in str(feedback.value) or fn in (randn_mask, randn_early_return)


@pytest.mark.parametrize("fn", [d2l_rule, d2l_rule_unlucky])
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_d2l_rule_passes_even_when_rand_returns_zero(fn, seed):
    torch.manual_seed(seed)
    assert check_dropout(fn).startswith("All checks passed")


def test_p0_zero_bound_is_derived_from_the_poisson_tail():
    assert p0_zero_bound(200_000) == 2  # mean 0.012: P(count > 2) = 2.8e-7 < 5.7e-7 < P(count > 1) = 7e-5
    assert p0_zero_bound(1_000) == 1 and p0_zero_bound(1) == 0  # means 6e-5 and 6e-8


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_correct_implementations_pass(seed):
    torch.manual_seed(seed)
    assert check_dropout(correct).startswith("All checks passed")
    assert check_dropout(lambda x, p, training=True: dl.Dropout(p).train(training)(x)).startswith("All checks passed")


def test_check_answer_says_how_an_answer_differs():
    assert check_answer("variance", 100.0, 100) == "variance: correct (100)"
    with pytest.raises(AssertionError, match=r"your answer 50 differs from the expected 100: too small by a factor 2 "
                                             r"\(0.5 times the expected value\); difference -50 \(relative -50.0%\)"):
        check_answer("variance", 50, 100)
    with pytest.raises(AssertionError, match=r"too large by a factor 16; difference \+375 \(relative \+1500.0%\)\. "
                                             r"keep-convention"):
        check_answer("Var[s]", 400, 25, mistakes={400: "keep-convention formula (1-p)/p?"})
    with pytest.raises(AssertionError, match="wrong sign"):
        check_answer("slope", -2, 2)
    with pytest.raises(AssertionError, match=r"difference \+0.1$"):
        check_answer("offset", 0.1, 0)


def test_d2l_exercises_run_and_report():
    result = swap_probabilities(seeds=2, steps=3, n_train=60)
    assert set(result) == {"first", "second", "difference", "se", "clear"} and len(result["first"]) == 2
    curves = train_longer(steps=20, every=10, n_train=60, plot=False)
    assert list(curves["dropout"]["step"]) == [0, 10, 20] and curves["none"]["test_accuracy"].shape == (3,)
    variance = activation_variance(steps=10, every=5, n_train=60, plot=False)
    assert list(variance["step"]) == [0, 5, 10]
    assert variance["plain_eval"][0] == variance["dropout_eval"][0], "both networks start from the same weights"
    assert np.all(np.abs(variance["noise_measured"] - variance["noise_predicted"]) < variance["noise_tolerance"])
