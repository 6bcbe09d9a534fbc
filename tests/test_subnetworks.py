"""Enumeration of sub-networks and the averages over them."""
import math

import pytest
import torch

import dropout_lib as dl
from dropout_lib.subnetworks import (
    all_masks,
    arithmetic_mean_prediction,
    geometric_mean_prediction,
    mask_probabilities,
    mc_predictions,
)


def test_all_masks_are_distinct_and_complete():
    masks = all_masks(10)
    assert masks.shape == (1024, 10)
    assert len({tuple(m.tolist()) for m in masks}) == 1024


@pytest.mark.parametrize("p", [0.1, 0.5, 0.9])
def test_mask_probabilities_sum_to_one_and_match_the_kept_count(p):
    masks = all_masks(8)
    probs = mask_probabilities(masks, p)
    assert abs(probs.sum().item() - 1) < 1e-12
    kept = int(masks[5].sum())
    assert math.isclose(probs[5].item(), (1 - p) ** kept * p ** (8 - kept))


@pytest.mark.parametrize("p", [0.2, 0.5, 0.7])
def test_geometric_mean_over_all_masks_equals_weight_scaling_for_a_softmax_layer(p):
    torch.manual_seed(0)
    n, classes = 10, 4
    W, b = torch.randn(classes, n, dtype=torch.float64), torch.randn(classes, dtype=torch.float64)
    x = torch.randn(7, n, dtype=torch.float64)
    masks = all_masks(n) / (1 - p)  # inverted masks
    logits = torch.einsum("mn,bn,cn->mbc", masks, x, W) + b
    exact = geometric_mean_prediction(logits, mask_probabilities(all_masks(n), p))
    weight_scaling = torch.softmax(x @ W.T + b, dim=-1)  # inverted dropout: plain network
    assert (exact - weight_scaling).abs().max().item() < 1e-12
    # The arithmetic mean is a different thing: not equal in general.
    arithmetic = arithmetic_mean_prediction(logits, mask_probabilities(all_masks(n), p))
    assert (arithmetic - weight_scaling).abs().max().item() > 1e-3


def test_mc_predictions_restore_the_mode_and_vary():
    model = dl.mlp(5, [64], 3, p=0.5).eval()
    out = mc_predictions(model, torch.randn(4, 5), k=6)
    assert out.shape == (6, 4, 3) and not model.training
    assert torch.allclose(out.sum(-1), torch.ones(6, 4, dtype=out.dtype))
    assert not torch.equal(out[0], out[1])


def test_all_masks_refuses_huge_layers():
    with pytest.raises(ValueError, match="n must be at most 20"):
        all_masks(30)
