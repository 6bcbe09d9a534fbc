"""Grids of runs: every setting trained on every seed's data set, as one ``BatchedMLP``.

Model m of the grid's network is seed m // n_settings, setting m % n_settings
(seed-major). ``Grid`` splits that models axis in two, so recorded curves come
as (records, seeds, settings) and are picked by setting, not by position:
``grid.at("test_error", p=0.5)`` is (records, seeds).
"""
from dataclasses import dataclass

import numpy as np
import torch

from .data import noisy_moons
from .models import BatchedMLP
from .seeding import derived_seed
from .train import batched_error, train_batched


@dataclass(frozen=True)
class MoonsSweep:
    """Lesson 04's noisy-moons p-sweep; tools/bench.py times the same experiment."""

    n_train: int = 60
    noise: float = 0.4
    n_seeds: int = 8
    hidden: tuple = (64, 64)
    steps: int = 400
    lr: float = 5e-3
    ps: tuple = tuple(round(0.1 * i, 1) for i in range(10))  # 0.0, 0.1, ..., 0.9

    def train_sets(self, seed, n_train=None):
        """The sweep's training sets, one per seed, derived from the lesson's ``seed``: [(X, y), ...]."""
        return [noisy_moons(n_train or self.n_train, self.noise, seed=derived_seed(seed, "moons", s))
                for s in range(self.n_seeds)]


LESSON_04 = MoonsSweep()


@dataclass
class Grid:
    """What ``train_grid`` returns.

    settings: one dict {"p": ..., "weight_decay": ...} per setting.
    step: the training steps at which the test metrics were recorded.
    history: numpy arrays, "train_loss" (steps, seeds, settings); with a test
    set also "train_error", "test_loss", "test_error" (records, seeds, settings).
    model: the trained BatchedMLP (eval mode), models seed-major.
    """

    model: BatchedMLP
    settings: list
    n_seeds: int
    step: list
    history: dict

    def index(self, **fields):
        """Position of the one setting whose fields match, e.g. ``index(p=0.5)``."""
        found = [i for i, s in enumerate(self.settings) if all(s[k] == v for k, v in fields.items())]
        if len(found) != 1:
            raise KeyError(f"{len(found)} settings match {fields}; the settings are {self.settings}")
        return found[0]

    def at(self, key, **fields):
        """``history[key]`` for one setting: (records, seeds)."""
        return self.history[key][..., self.index(**fields)]

    def unstack(self, values, axis=0):
        """Split the models axis of ``values`` (at ``axis``) into (seeds, settings); a numpy array."""
        values = values.detach().cpu().numpy() if isinstance(values, torch.Tensor) else np.asarray(values)
        axis %= values.ndim
        return values.reshape(*values.shape[:axis], self.n_seeds, len(self.settings), *values.shape[axis + 1:])

    def error(self, X, y):
        """Classification error of every model on (X, y), dropout off: (seeds, settings)."""
        self.model.eval()
        return self.unstack(batched_error(self.model, X, y))


def train_grid(train_sets, p, *, hidden, n_out, steps, lr, weight_decay=0.0, test=None, record_every=None,
               loss="cross_entropy", generator=None):
    """Train every setting on every seed's training set, all as one BatchedMLP; return a ``Grid``.

    train_sets: one (X, y) per seed, X (n, n_in). p: one drop probability per
    setting (a number, or one per hidden layer); weight_decay: one number, or
    one per setting. test: (X_test, y_test) shared by all models, or a list
    with one per seed; its loss and error are recorded every ``record_every``
    steps (default: at the start and the end). Seed the global generator first
    (torch.manual_seed): it draws the initial weights, and the masks unless a
    ``generator`` is given.
    """
    n_seeds, n_settings = len(train_sets), len(p)
    decays = list(weight_decay) if isinstance(weight_decay, (list, tuple)) else [weight_decay] * n_settings
    if len(decays) != n_settings:
        raise ValueError(f"weight_decay has {len(decays)} values for {n_settings} settings; "
                         "give one per setting or a single number")

    def per_model(tensors):  # one per seed -> one per model, seed-major
        return torch.stack([t for t in tensors for _ in range(n_settings)])

    X, y = per_model([X for X, _ in train_sets]), per_model([y for _, y in train_sets])
    if isinstance(test, list):
        test = per_model([X for X, _ in test]), per_model([y for _, y in test])
    X_test, y_test = test if test is not None else (None, None)
    model = BatchedMLP(n_seeds * n_settings, X.shape[-1], list(hidden), n_out, p=list(p) * n_seeds,
                       generator=generator)
    history = train_batched(model, X, y, loss=loss, steps=steps, lr=lr, weight_decay=torch.tensor(decays * n_seeds),
                            X_test=X_test, y_test=y_test, record_every=record_every or steps)
    grid = Grid(model, [{"p": p_s, "weight_decay": wd} for p_s, wd in zip(p, decays)], n_seeds,
                history.pop("step", []), {})
    grid.history = {key: grid.unstack(value, axis=-1) for key, value in history.items()}
    return grid
