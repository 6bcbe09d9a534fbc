"""Offline data sets: nothing is downloaded, everything ships with the packages."""
import numpy as np
import torch
from sklearn.datasets import load_digits, make_moons

from .seeding import derived_seed


def digits(n_train, seed=0):
    """scikit-learn's 8x8 handwritten digits (1,797 images, 10 classes), split at random.

    Returns ``(X_train, y_train, X_test, y_test)``: float32 tensors of shape
    (n, 64) with pixels scaled to [0, 1], and int64 labels. The test set is
    every image not in the training set.
    """
    images, labels = load_digits(return_X_y=True)
    if not 1 <= n_train < len(labels):
        raise ValueError(f"n_train must be in [1, {len(labels) - 1}]; got n_train={n_train!r}")
    order = np.random.default_rng(seed).permutation(len(labels))
    X = torch.tensor(images[order] / 16.0, dtype=torch.float32)
    y = torch.tensor(labels[order], dtype=torch.int64)
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:]


def noisy_moons(n, noise=0.35, seed=0, flip=0.0):
    """scikit-learn's two interleaving half-moons in 2-D, with Gaussian noise.

    Returns ``(X, y)``: (n, 2) float32 points and (n,) int64 labels (0 or 1).
    flip: each label is swapped to the other class with this probability
    (labelling mistakes), independently, drawn from its own generator seeded
    with ``derived_seed(seed, "flip")``: the points are the same for every
    ``flip``, and flip=0 gives the clean labels of the same points.
    """
    if not 0.0 <= flip <= 1.0:
        raise ValueError(f"flip must be a probability in [0, 1]; got flip={flip!r}")
    X, y = make_moons(n, noise=noise, random_state=seed)
    if flip > 0:
        flipped = np.random.default_rng(derived_seed(seed, "flip")).random(n) < flip
        y = np.where(flipped, 1 - y, y)
    return torch.tensor(X, dtype=torch.float32), torch.tensor(y, dtype=torch.int64)
