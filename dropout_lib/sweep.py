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

LAMBDAS = (0.0, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1)  # lesson 04's 8 candidates, like the 8 values of p
STOPS = tuple(range(25, 201, 25))  # and 8 candidate steps for early stopping


@dataclass(frozen=True)
class FlippedMoons:
    """The noisy-moons experiment of lessons 04 and 04a, the one place for its settings (``FLIPPED_MOONS``).

    Noisy moons with a fraction ``flip`` of the training and validation labels
    swapped, clean test labels; ``n_seeds`` training sets; a p-sweep of
    2 -> hidden -> 2 networks trained with full-batch Adam.
    """

    n_train: int = 60
    noise: float = 0.2
    flip: float = 0.15
    n_seeds: int = 24
    hidden: tuple = (32, 32)
    steps: int = 400
    lr: float = 1e-2
    ps: tuple = (0.0, 0.2, 0.4, 0.5, 0.6, 0.8, 0.9, 0.95)
    n_validation: int = 1000
    n_test: int = 2000

    def train_sets(self, seed, flip=None):
        """One training set per seed, derived from the lesson's ``seed``: [(X, y), ...].

        flip: the fraction of labels to swap (default: the sweep's; 0.0 gives the clean labels of the same points).
        """
        flip = self.flip if flip is None else flip
        return [noisy_moons(self.n_train, self.noise, seed=derived_seed(seed, "moons", s), flip=flip)
                for s in range(self.n_seeds)]

    def validation_set(self, seed):
        """(X, y) for picking settings, labels flipped like the training sets'."""
        return noisy_moons(self.n_validation, self.noise, seed=derived_seed(seed, "validation"), flip=self.flip)

    def test_set(self, seed):
        """(X, y) with clean labels: how well the moons were learned."""
        return noisy_moons(self.n_test, self.noise, seed=derived_seed(seed, "test"))

    def train(self, train_sets, settings, **options):
        """``train_grid`` with the sweep's network and training (options: steps, test, validation, ...)."""
        options = {"hidden": self.hidden, "n_out": 2, "steps": self.steps, "lr": self.lr} | options
        return train_grid(train_sets, settings, **options)


    def compare(self, seed, sweep, validation, test, lambdas=LAMBDAS, stops=STOPS):
        """Lesson 04's fair comparison of regularizers on the training sets of ``seed``.

        Each method picks one of 8 candidate settings by its mean validation error over the
        training sets, and reports the test errors of that pick: none (p = 0); dropout (p from
        ``sweep``, a grid over ``self.ps`` recorded every 25 steps with ``validation`` and ``test``);
        L2 (lambda, a penalty lambda/2 ||W||^2 under Adam); early stopping (p = 0 stopped at one of
        ``stops``, read from the sweep's records); both (the tuned p, lambda re-tuned with it);
        and "tuned p + L2's lambda", the 2 x 2 cell without re-tuning. Returns
        {method: (setting, test errors, training errors)}, errors of shape (training sets,).
        """
        p_tuned = self.ps[int(np.argmin(sweep.history["validation_error"][-1].mean(0)))]
        torch.manual_seed(derived_seed(seed, "weight decay"))
        penalty = self.train(self.train_sets(seed), [{"p": p, "weight_decay": lam} for p in sorted({0.0, p_tuned})
                                                     for lam in lambdas[1:]], test=test, validation=validation)

        def over_lambdas(key, p):  # (training sets, 8): lambda = 0 from the sweep, the others just trained
            return np.stack([sweep.at(key, p=p)[-1]] + [penalty.at(key, p=p, weight_decay=lam)[-1]
                                                        for lam in lambdas[1:]], axis=1)

        def picked(p):  # the lambda with the lowest mean validation error, at drop probability p
            return int(np.argmin(over_lambdas("validation_error", p).mean(0)))

        def errors(p, k):  # (test errors, training errors) of the k-th lambda at drop probability p
            return over_lambdas("test_error", p)[:, k], over_lambdas("train_error", p)[:, k]

        k_l2, k_both = picked(0.0), picked(p_tuned)
        records = [sweep.step.index(step) for step in stops]
        k_stop = records[int(np.argmin(sweep.at("validation_error", p=0.0)[records].mean(1)))]
        return {"none": ("p = 0", *errors(0.0, 0)),
                "dropout": (f"p = {p_tuned}", *errors(p_tuned, 0)),
                "L2 penalty": (f"λ = {lambdas[k_l2]:g}", *errors(0.0, k_l2)),
                "early stopping": (f"step {sweep.step[k_stop]}", sweep.at("test_error", p=0.0)[k_stop],
                                   sweep.at("train_error", p=0.0)[k_stop]),
                "dropout + L2": (f"p = {p_tuned}, λ = {lambdas[k_both]:g}", *errors(p_tuned, k_both)),
                "tuned p + L2's λ": (f"p = {p_tuned}, λ = {lambdas[k_l2]:g}", *errors(p_tuned, k_l2))}

FLIPPED_MOONS = FlippedMoons()


@dataclass
class Grid:
    """What ``train_grid`` returns.

    settings: one dict {"p": ..., "weight_decay": ...} per setting.
    step: the training steps at which the test metrics were recorded.
    history: numpy arrays, "train_loss" (steps, seeds, settings); with a test
    set also "train_error", "test_loss", "test_error" (records, seeds, settings),
    with a validation set "validation_loss", "validation_error".
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


def _setting(setting, weight_decay):
    """A setting as the dict {"p": ..., "weight_decay": ...}, from a drop probability or a dict."""
    setting = dict(setting) if isinstance(setting, dict) else {"p": setting}
    if "p" not in setting or not set(setting) <= {"p", "weight_decay"}:
        raise ValueError(f'a setting is a drop probability or a dict with "p" and optionally "weight_decay"; '
                         f"got {setting}")
    return {"p": setting["p"], "weight_decay": setting.get("weight_decay", weight_decay)}


def train_grid(train_sets, settings, *, hidden, n_out, steps, lr, weight_decay=0.0, test=None, validation=None,
               record_every=None, loss="cross_entropy", generator=None):
    """Train every setting on every seed's training set, all as one BatchedMLP; return a ``Grid``.

    train_sets: one (X, y) per seed, X (n, n_in). settings: one per setting, a
    drop probability (a number, or one per hidden layer) or a dict such as
    {"p": 0.5, "weight_decay": 1e-3}; weight_decay: the L2 penalty of the
    settings that do not give one. test, validation: (X, y) shared by all
    models, or a list with one per seed; their loss and error are recorded
    every ``record_every`` steps (default: at the start and the end). Seed the
    global generator first (torch.manual_seed): it draws the initial weights,
    and the masks unless a ``generator`` is given.
    """
    settings = [_setting(s, weight_decay) for s in settings]
    n_seeds, n_settings = len(train_sets), len(settings)

    def per_model(tensors):  # one per seed -> one per model, seed-major
        return torch.stack([t for t in tensors for _ in range(n_settings)])

    def evaluation(data):  # None, (X, y) shared, or one (X, y) per seed -> (X, y)
        if isinstance(data, list):
            return per_model([X for X, _ in data]), per_model([y for _, y in data])
        return data if data is not None else (None, None)

    X, y = per_model([X for X, _ in train_sets]), per_model([y for _, y in train_sets])
    (X_test, y_test), (X_val, y_val) = evaluation(test), evaluation(validation)
    model = BatchedMLP(n_seeds * n_settings, X.shape[-1], list(hidden), n_out,
                       p=[s["p"] for s in settings] * n_seeds, generator=generator)
    history = train_batched(model, X, y, loss=loss, steps=steps, lr=lr,
                            weight_decay=torch.tensor([s["weight_decay"] for s in settings] * n_seeds),
                            X_test=X_test, y_test=y_test, X_val=X_val, y_val=y_val,
                            record_every=record_every or steps)
    grid = Grid(model, settings, n_seeds, history.pop("step", []), {})
    grid.history = {key: grid.unstack(value, axis=-1) for key, value in history.items()}
    return grid
