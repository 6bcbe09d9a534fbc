"""D2L's dropout exercises 1-3 as functions a learner calls with their own arguments (seconds each).

Each trains D2L's network (``d2l_net``, on scikit-learn's 8x8 digits) with D2L's loop
(``train.train_sgd``); every seed comes from ``derived_seed(seed, purpose, ...)``.
"""
import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F
from tqdm.auto import tqdm

from .data import digits
from .models import mlp
from .plots import PALETTE
from .seeding import derived_seed
from .stats import Z_CLEAR, dropout_noise_term, paired_difference
from .train import accuracy, train_sgd


def d2l_net(p=(0.2, 0.5), hidden=256):
    """D2L's MLP scaled to the digits: 64-hidden-hidden-10, dropout p[0] and p[1] after the ReLUs.

    Its initial weights come from torch's global generator: seed it first for repeatable weights.
    """
    return mlp(64, [hidden, hidden], 10, p=list(p))


def _trained(p, X, y, steps, seed, **options):
    """D2L's net with drop probabilities p, initial weights and batch order from ``seed``, trained by SGD."""
    torch.manual_seed(derived_seed(seed, "initial weights"))
    net = d2l_net(p)
    return train_sgd(net, X, y, steps=steps, generator=torch.Generator().manual_seed(derived_seed(seed, "batches")),
                     **options)


def swap_probabilities(first=(0.2, 0.5), second=(0.5, 0.2), *, seeds=5, steps=100, n_train=100, seed=0):
    """D2L exercise 1: does swapping the two layers' drop probabilities change the test accuracy?

    For each of ``seeds`` training sets of ``n_train`` digits (set i from derived_seed(seed,
    "digits", i)) it trains D2L's net with ``first`` and with ``second`` (same initial weights,
    same batches) and compares test accuracies, paired by set. Prints mean ± standard error of
    the difference and whether it is clear (more than Z_CLEAR = 2 standard errors). Returns a dict.
    """
    acc_first, acc_second = [], []
    for i in tqdm(range(seeds), desc="seeds"):
        set_seed = derived_seed(seed, "digits", i)
        X, y, X_test, y_test = digits(n_train, seed=set_seed)
        acc_first.append(accuracy(_trained(first, X, y, steps, set_seed), X_test, y_test))
        acc_second.append(accuracy(_trained(second, X, y, steps, set_seed), X_test, y_test))
    difference, se = paired_difference(acc_first, acc_second)
    clear = abs(difference) > Z_CLEAR * se
    print(f"test accuracy, mean over {seeds} seeds: p = {first}: ≈{np.mean(acc_first):.3f}, "
          f"p = {second}: ≈{np.mean(acc_second):.3f}")
    print(f"difference {first} - {second}: ≈{difference:+.3f} ± {se:.3f} (SE), "
          f"{'clear' if clear else 'not clear'} by the {Z_CLEAR:g}-SE rule")
    return {"first": np.array(acc_first), "second": np.array(acc_second),
            "difference": difference, "se": se, "clear": clear}


def train_longer(steps=300, p=(0.2, 0.5), *, n_train=100, seed=0, every=10, plot=True):
    """D2L exercise 2: learning curves with and without dropout over longer training.

    Trains D2L's net with drop probabilities ``p`` and with none (0, 0), from the same initial
    weights on the same batches, for ``steps`` SGD steps. Records every ``every`` steps: the
    training loss as optimized (with dropout), the training accuracy and the test loss and
    accuracy (eval mode). Plots them if ``plot``; returns {"dropout": history, "none": history}.
    """
    X, y, X_test, y_test = digits(n_train, seed=derived_seed(seed, "digits"))
    results = {}
    for name, q in tqdm((("dropout", p), ("none", (0.0, 0.0))), desc="networks"):
        history = {"step": [], "train_loss": [], "train_accuracy": [], "test_loss": [], "test_accuracy": []}

        @torch.no_grad()
        def record(step, loss, history=history):
            net = record.net
            logits = net(X_test)
            history["step"].append(step)
            history["train_loss"].append(loss)
            history["train_accuracy"].append(accuracy(net, X, y))
            history["test_loss"].append(F.cross_entropy(logits, y_test).item())
            history["test_accuracy"].append(accuracy(net, X_test, y_test))

        torch.manual_seed(derived_seed(seed, "initial weights"))
        record.net = d2l_net(q)
        train_sgd(record.net, X, y, steps=steps, generator=torch.Generator().manual_seed(derived_seed(seed, "batches")),
                  every=every, record=record)
        results[name] = {key: np.array(value) for key, value in history.items()}
    if plot:
        _plot_longer(results, p, len(y_test))
    return results


def _plot_longer(results, p, n_test):
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4), layout="constrained")
    for name, colour, label in (("none", PALETTE["orange"], "no dropout"), ("dropout", PALETTE["blue"], f"dropout {tuple(p)}")):
        h = results[name]
        left.plot(h["step"], h["train_loss"], color=colour, label=f"{label}: training loss (as optimized)")
        left.plot(h["step"], h["test_loss"], color=colour, linestyle="--", label=f"{label}: test loss")
        right.plot(h["step"], h["test_accuracy"], color=colour, label=label)
    left.set(yscale="log", xlabel="SGD step", ylabel="cross-entropy", title="losses")
    left.legend(fontsize=9)
    right.set(xlabel="SGD step", ylabel="test accuracy", ylim=(0.5, 1.0), title=f"test accuracy ({n_test} test images)")
    right.legend(loc="lower right")
    plt.show()


def activation_variance(steps=100, p=(0.2, 0.5), *, n_train=100, seed=0, every=5, plot=True):
    """D2L exercise 3: variance of the first hidden layer's activations over training.

    Trains D2L's net with drop probabilities ``p`` and with none (same initial weights and
    batches). Every ``every`` steps, on the training images, it measures the variance (over all
    images and units) of the first hidden layer's activations h = ReLU(W1 x + b1):
      - in eval() mode, for both networks: what the WEIGHTS do;
      - in train() mode for the dropout network, i.e. of dropout(h, p[0]): the same weights plus
        dropout's noise, predicted p/(1-p) mean(h^2) (``stats.dropout_noise_term``).
    Separating the two modes on the same network removes the confound of comparing a noisy
    network with a plain one. Returns a dict of arrays.
    """
    X, y, _, _ = digits(n_train, seed=derived_seed(seed, "digits"))
    measure = torch.Generator().manual_seed(derived_seed(seed, "measuring masks"))
    hidden = {}
    for name, q in tqdm((("dropout", p), ("plain", (0.0, 0.0))), desc="networks"):
        def record(step, loss, name=name):
            with torch.no_grad():
                hidden[name, step] = record.net[1](record.net[0](X))  # first hidden layer, after the ReLU
        torch.manual_seed(derived_seed(seed, "initial weights"))
        record.net = d2l_net(q)
        train_sgd(record.net, X, y, steps=steps, generator=torch.Generator().manual_seed(derived_seed(seed, "batches")),
                  every=every, record=record)
    out = {key: [] for key in ("step", "plain_eval", "dropout_eval", "dropout_train", "predicted_train",
                               "noise_measured", "noise_predicted", "noise_tolerance")}
    for step in sorted({s for _, s in hidden}):
        measured, predicted, tolerance = dropout_noise_term(hidden["dropout", step], p[0], generator=measure)
        dropout_eval = hidden["dropout", step].double().var(correction=0).item()
        values = (step, hidden["plain", step].double().var(correction=0).item(), dropout_eval, dropout_eval + measured,
                  dropout_eval + predicted, measured, predicted, tolerance)
        for key, value in zip(out, values):
            out[key].append(value)
    out = {key: np.array(value) for key, value in out.items()}
    if plot:
        _plot_variance(out, p)
    return out


def _plot_variance(out, p):
    fig, ax = plt.subplots(figsize=(8, 4.2), layout="constrained")
    ax.plot(out["step"], out["plain_eval"], color=PALETTE["orange"], label="no dropout")
    ax.plot(out["step"], out["dropout_eval"], color=PALETTE["blue"], label=f"dropout {tuple(p)}, eval() mode: weights only")
    ax.plot(out["step"], out["dropout_train"], color=PALETTE["blue"], linestyle="--", label="same network, train() mode: + noise")
    ax.plot(out["step"], out["predicted_train"], color=PALETTE["black"], linestyle=":", linewidth=1.5,
            label=r"eval + $\frac{p}{1-p}\,E[h^2]$ (predicted)")
    ax.set(xlabel="SGD step", ylabel="variance of first-layer activations", title="first hidden layer, on the training images")
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=10, loc="lower right")
    plt.show()
