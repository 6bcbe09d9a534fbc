"""check_dropout: a correct implementation passes; each typical bug gets its own message."""
import pytest
import torch

import dropout_lib as dl
from dropout_lib.exercises import check_answer, check_dropout


def correct(x, p, training=True):
    return dl.dropout(x, p, training=training)


def randn_mask(x, p, training=True):  # ported with randn instead of rand
    if not training:
        return x
    return x * (torch.randn(x.shape) > p) / max(1 - p, 1e-12) if p < 1 else torch.zeros_like(x)


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


@pytest.mark.parametrize("fn,message", [
    (randn_mask, "torch.randn (normal) instead of torch.rand"),
    (keep_probability, "treats p as the KEEP probability"),
    (no_rescale, "survivors are not rescaled"),
    (wrong_scale, "survivors are scaled by 1.111; expected 1/(1-p) = 1.250"),
    (nan_at_one, "p = 1 gives NaN"),
    (ignores_training, "training=False dropout must return its input unchanged"),
    (reseeds, "two calls gave the same mask"),
    (in_place, "changes its input in place"),
    (wrong_dtype, "output dtype torch.float64 differs"),
])
def test_each_bug_gets_its_own_message(fn, message):
    with pytest.raises(AssertionError, match=message.replace("(", r"\(").replace(")", r"\)")):
        check_dropout(fn)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_correct_implementations_pass(seed):
    torch.manual_seed(seed)
    assert check_dropout(correct).startswith("All checks passed")
    assert check_dropout(lambda x, p, training=True: dl.Dropout(p).train(training)(x)).startswith("All checks passed")


def test_check_answer():
    assert check_answer("variance", 100.0, 100) == "variance: correct (100)"
    with pytest.raises(AssertionError, match="your answer 50 differs from the expected 100"):
        check_answer("variance", 50, 100)
