"""Sub-networks: every dropout mask of a small layer, and averages over them.

A layer of n droppable units has 2^n masks, each a sub-network sharing the
weights. With drop probability p a mask m (1 = kept) has probability
(1-p)^(kept) p^(dropped). Masks here are inverted-dropout masks: m / (1-p).
"""
import itertools

import torch


def all_masks(n):
    """All 2^n keep patterns of n units: a (2^n, n) float64 tensor of 0s and 1s."""
    if n > 20:
        raise ValueError(f"n must be at most 20 (2^n masks are enumerated); got n={n}")
    return torch.tensor(list(itertools.product([0.0, 1.0], repeat=n)), dtype=torch.float64)


def mask_probabilities(masks, p):
    """Probability of each keep pattern under dropout with drop probability p: shape (2^n,)."""
    kept = masks.sum(dim=1)
    return (1 - p) ** kept * p ** (masks.shape[1] - kept)


def geometric_mean_prediction(logits, weights):
    """Normalized weighted geometric mean of softmax predictions.

    logits: (masks, batch, classes), one row of logits per sub-network;
    weights: (masks,) summing to 1. Returns (batch, classes) probabilities
    proportional to prod_m softmax(logits_m) ** weights_m.
    """
    log_probs = torch.log_softmax(logits, dim=-1)
    return torch.softmax(torch.einsum("m,mbc->bc", weights, log_probs), dim=-1)


def arithmetic_mean_prediction(logits, weights):
    """Weighted average of the sub-networks' softmax probabilities: (batch, classes)."""
    return torch.einsum("m,mbc->bc", weights, torch.softmax(logits, dim=-1))


@torch.no_grad()
def mc_predictions(model, X, k):
    """Softmax outputs of k stochastic forward passes (dropout on): (k, batch, classes)."""
    was_training = model.training
    model.train()
    out = torch.stack([torch.softmax(model(X), dim=-1) for _ in range(k)])
    model.train(was_training)
    return out
