"""The stored Fashion-MNIST sweep that lesson 02c loads (dropout_lib/fashion_mnist_sweep.json).

Fast: the file is complete and consistent (shapes, settings, accuracies that are counts over
10,000 / 60,000 / the evaluated training images, p = 0 unaffected by train() vs eval()).
Slow (`pytest -m slow tests/test_fashion_mnist_sweep.py`, a few minutes on one core, needs the
real data): retrains seed 0 for every setting and compares with the stored curves.
"""
import json
import os

import numpy as np
import pytest
import torch

from dropout_lib import fashion
from tools import fashion_mnist_sweep

STORED = json.loads(fashion.SWEEP_FILE.read_text())


def test_the_stored_sweep_is_complete():
    assert fashion.SWEEP_FILE.stat().st_size < 1_000_000
    sweep = fashion.load_sweep()
    assert sweep["settings"] == [tuple(s) for s in fashion_mnist_sweep.SETTINGS]
    assert STORED["seeds"] >= 5 and STORED["epochs"] == fashion.EPOCHS
    for name in fashion.METRICS:
        assert sweep[name].shape == (STORED["seeds"], fashion.EPOCHS, len(sweep["settings"])), name
        assert np.isfinite(sweep[name]).all()


@pytest.mark.parametrize("name, count", [("test_acc", 10_000), ("test_acc_dropout_on", 10_000),
                                         ("train_acc", 60_000), ("train_acc_eval", STORED["train_eval"])])
def test_accuracies_are_counts(name, count):
    values = fashion.load_sweep()[name]
    assert ((values >= 0) & (values <= 1)).all()
    assert np.abs(values * count - np.round(values * count)).max() < count * 5e-7 + 1e-9  # stored to 6 places


def test_without_dropout_train_and_eval_mode_agree():
    sweep = fashion.load_sweep()
    none = sweep["settings"].index((0.0, 0.0))
    assert np.array_equal(sweep["test_acc"][:, :, none], sweep["test_acc_dropout_on"][:, :, none])


def test_training_reduces_the_loss():
    sweep = fashion.load_sweep()
    learning = [i for i, setting in enumerate(sweep["settings"]) if max(setting) <= 0.7]  # p = 0.9 hardly learns
    loss = sweep["train_loss"][:, :, learning]  # (seeds, epochs, settings)
    assert (loss[:, -1] < loss[:, 0]).all()


@pytest.mark.slow
def test_seed_0_retrains_to_the_stored_curves():
    """Same code, data and seed: on a machine like the one that made the file (its torch version and CPU
    kernels, one thread) the curves come back to the stored 6 decimals. Elsewhere float rounding differs in
    the last bit, and 2,350 SGD steps amplify it until the runs are like two with the same start and order
    but other masks: then each final test accuracy must lie within Z * sqrt(2) standard deviations of
    the seeds' spread around the stored one."""
    from dropout_lib.data import fashion_mnist

    if not fashion_mnist_sweep.TRAIN_EVAL == STORED["train_eval"]:
        pytest.fail("the tool's TRAIN_EVAL differs from the stored file's")
    torch.set_num_threads(1)
    history = fashion.train_d2l_batched(fashion_mnist(), fashion_mnist_sweep.SETTINGS, seed=0,
                                        train_eval=STORED["train_eval"])
    retrained = fashion_mnist_sweep.rounded(history)
    same_machine = (STORED["torch"] == torch.__version__ and STORED.get("cpu_capability") ==
                    torch.backends.cpu.get_cpu_capability() and "ATEN_CPU_CAPABILITY" not in os.environ)
    if same_machine and all(np.allclose(retrained[name], STORED[name][0], rtol=0, atol=2e-6) for name in fashion.METRICS):
        return  # the same BLAS kernels too: the stored curves, to their 6 decimals
    # another CPU model can pick other BLAS kernels even with the same ATen capability: the statistical check
    final = np.array(STORED["test_acc"])[:, -1]  # (seeds, settings)
    allowed = 5 * np.sqrt(2) * final.std(axis=0, ddof=1)
    assert (np.abs(np.array(retrained["test_acc"][-1]) - final[0]) <= allowed).all()
