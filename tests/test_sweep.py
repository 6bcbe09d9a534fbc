"""train_grid: a grid of settings x seeds as one BatchedMLP, results with named axes."""
import re

import numpy as np
import pytest
import torch

import dropout_lib as dl
from dropout_lib.data import noisy_moons
from dropout_lib.sweep import LESSON_04, train_grid
from dropout_lib.train import batched_error, train_batched

SETS = [noisy_moons(20, 0.4, seed=s) for s in range(3)]
TEST = noisy_moons(50, 0.4, seed=99)
PS = [0.0, 0.5, [0.2, 0.5]]


def small_grid(**kwargs):
    torch.manual_seed(0)
    return train_grid(SETS, PS, hidden=[8, 8], n_out=2, steps=30, lr=5e-3, **kwargs)


def test_the_grid_is_the_hand_stacked_network():
    grid = small_grid(test=TEST, record_every=10, weight_decay=[0.0, 1e-3, 0.0])
    torch.manual_seed(0)  # the same run, stacked by hand, seed-major
    X = torch.stack([X for X, _ in SETS for _ in PS])
    y = torch.stack([y for _, y in SETS for _ in PS])
    model = dl.BatchedMLP(9, 2, [8, 8], 2, p=PS * 3)
    history = train_batched(model, X, y, steps=30, lr=5e-3, weight_decay=torch.tensor([0.0, 1e-3, 0.0] * 3),
                            X_test=TEST[0], y_test=TEST[1], record_every=10)
    assert grid.step == history["step"] == [0, 10, 20, 30]
    for key in ("train_loss", "train_error", "test_loss", "test_error"):
        by_hand = history[key].numpy().reshape(len(history[key]), 3, 3)  # (records, seeds, settings)
        np.testing.assert_array_equal(grid.history[key], by_hand)
    np.testing.assert_array_equal(grid.at("test_error", p=0.5), by_hand[:, :, 1])


def test_axes_and_selectors():
    grid = small_grid(test=TEST)
    assert grid.step == [0, 30] and grid.history["test_error"].shape == (2, 3, 3)
    assert grid.history["train_loss"].shape == (30, 3, 3)
    assert grid.index(p=[0.2, 0.5]) == 2 and grid.index(p=0.0, weight_decay=0.0) == 0
    with pytest.raises(KeyError, match=re.escape("0 settings match {'p': 0.3}")):
        grid.index(p=0.3)
    assert grid.error(*TEST).shape == (3, 3)
    np.testing.assert_array_equal(grid.error(*TEST), grid.history["test_error"][-1])
    with torch.no_grad():
        outputs = grid.unstack(grid.model(TEST[0]), axis=0)
    assert outputs.shape == (3, 3, 50, 2)
    np.testing.assert_array_equal(outputs[1, 2], grid.model(TEST[0])[1 * 3 + 2].detach().numpy())


def test_one_test_set_per_seed():
    grid = small_grid(test=SETS)  # each seed tested on its own training set
    expected = batched_error(grid.model, torch.stack([X for X, _ in SETS for _ in PS]),
                             torch.stack([y for _, y in SETS for _ in PS]))
    np.testing.assert_array_equal(grid.history["train_error"][-1], grid.history["test_error"][-1])
    np.testing.assert_array_equal(grid.history["test_error"][-1], grid.unstack(expected))


def test_weight_decay_must_match_the_settings():
    with pytest.raises(ValueError, match=re.escape("weight_decay has 2 values for 3 settings")):
        small_grid(weight_decay=[0.0, 0.1])


def test_lesson_04_settings():
    assert LESSON_04.ps == (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
    assert (LESSON_04.n_train, LESSON_04.n_seeds, LESSON_04.hidden, LESSON_04.steps) == (60, 8, (64, 64), 400)
