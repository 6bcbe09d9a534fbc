"""train_grid: a grid of settings x seeds as one BatchedMLP, results with named axes."""
import re

import numpy as np
import pytest
import torch

import dropout_lib as dl
from dropout_lib.data import noisy_moons
from dropout_lib.stats import Z, binomial_fraction_standard_error
from dropout_lib.sweep import FLIPPED_MOONS, train_grid
from dropout_lib.train import batched_error, train_batched

SETS = [noisy_moons(20, 0.4, seed=s) for s in range(3)]
TEST = noisy_moons(50, 0.4, seed=99)
PS = [0.0, 0.5, [0.2, 0.5]]
SETTINGS = [0.0, {"p": 0.5, "weight_decay": 1e-3}, [0.2, 0.5]]  # PS, the second with an L2 penalty


def small_grid(settings=PS, **kwargs):
    torch.manual_seed(0)
    return train_grid(SETS, settings, hidden=[8, 8], n_out=2, steps=30, lr=5e-3, **kwargs)


def test_the_grid_is_the_hand_stacked_network():
    grid = small_grid(SETTINGS, test=TEST, record_every=10)
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
    assert grid.settings == [{"p": 0.0, "weight_decay": 0.0}, {"p": 0.5, "weight_decay": 1e-3},
                             {"p": [0.2, 0.5], "weight_decay": 0.0}]


def test_settings_as_numbers_or_dicts():
    assert small_grid([0.5, {"p": 0.5}], weight_decay=0.1).settings == [{"p": 0.5, "weight_decay": 0.1}] * 2
    with pytest.raises(ValueError, match=re.escape("a setting is a drop probability or a dict with \"p\"")):
        small_grid([{"p": 0.5, "weight decay": 0.1}])  # a misspelt key is an error, not ignored
    with pytest.raises(ValueError, match="a setting is a drop probability"):
        small_grid([{"weight_decay": 0.1}])


def test_validation_set_is_recorded_like_the_test_set():
    grid = small_grid(test=TEST, validation=SETS[0], record_every=10)
    assert grid.history["validation_error"].shape == grid.history["test_error"].shape == (4, 3, 3)
    np.testing.assert_array_equal(grid.history["validation_error"][-1], grid.error(*SETS[0]))
    np.testing.assert_array_equal(grid.history["test_error"], small_grid(test=TEST, record_every=10).history["test_error"])
    assert "test_error" not in small_grid(validation=SETS[0]).history


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


def test_lesson_04_settings():
    assert FLIPPED_MOONS.ps == (0.0, 0.2, 0.4, 0.5, 0.6, 0.8, 0.9, 0.95)
    assert (FLIPPED_MOONS.n_train, FLIPPED_MOONS.noise, FLIPPED_MOONS.flip, FLIPPED_MOONS.n_seeds) == (60, 0.2, 0.15, 24)
    assert (FLIPPED_MOONS.hidden, FLIPPED_MOONS.steps, FLIPPED_MOONS.lr) == ((32, 32), 400, 1e-2)


def test_lesson_04_data_sets():
    sets, clean = FLIPPED_MOONS.train_sets(7), FLIPPED_MOONS.train_sets(7, flip=0.0)
    assert len(sets) == 24 and sets[0][0].shape == (60, 2)
    X, y = noisy_moons(60, 0.2, seed=dl.derived_seed(7, "moons", 3), flip=0.15)
    assert torch.equal(sets[3][0], X) and torch.equal(sets[3][1], y)
    assert torch.equal(sets[3][0], clean[3][0]) and not torch.equal(sets[3][1], clean[3][1])
    assert not torch.equal(sets[0][0], sets[1][0]) and not torch.equal(sets[0][0], FLIPPED_MOONS.train_sets(8)[0][0])
    X_val, y_val = FLIPPED_MOONS.validation_set(7)
    X_test, y_test = FLIPPED_MOONS.test_set(7)
    assert X_val.shape == (1000, 2) and X_test.shape == (2000, 2)
    assert torch.equal(y_test, noisy_moons(2000, 0.2, seed=dl.derived_seed(7, "test"))[1])  # clean labels
    assert torch.equal(y_val, noisy_moons(1000, 0.2, seed=dl.derived_seed(7, "validation"), flip=0.15)[1])


def test_lesson_04_trains_its_network():
    torch.manual_seed(0)
    grid = FLIPPED_MOONS.train(SETS, [0.0, 0.5], steps=3)
    assert grid.model.weights[0].shape == (6, 2, 32) and grid.history["train_loss"].shape == (3, 3, 2)


def test_noisy_moons_flip():
    X, y = noisy_moons(4000, 0.2, seed=5)
    X_flip, y_flip = noisy_moons(4000, 0.2, seed=5, flip=0.15)
    assert torch.equal(X, X_flip)  # the same points
    flipped = (y != y_flip).float().mean().item()
    assert abs(flipped - 0.15) < Z * binomial_fraction_standard_error(0.15, 4000)
    assert torch.equal(y_flip, noisy_moons(4000, 0.2, seed=5, flip=0.15)[1])  # seeded
    assert torch.equal(noisy_moons(50, 0.2, seed=5, flip=1.0)[1], 1 - noisy_moons(50, 0.2, seed=5)[1])
    with pytest.raises(ValueError, match=re.escape("flip must be a probability in [0, 1]; got flip=1.5")):
        noisy_moons(10, flip=1.5)
