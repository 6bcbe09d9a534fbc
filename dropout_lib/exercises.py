"""Exercises: checkers that say what is wrong, and D2L's dropout exercises 1-3 as functions.

``check_dropout`` and ``check_answer`` give specific feedback, not just "incorrect".
``train_sgd`` is D2L's training loop (minibatch SGD, ``train()`` / ``eval()``);
``swap_probabilities``, ``train_longer`` and ``activation_variance`` run D2L's
exercises 1-3 with parameters a learner can change (each takes seconds).
"""
import math

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F
from tqdm.auto import tqdm

from .data import digits
from .functional import dropout
from .models import mlp
from .plots import PALETTE
from .stats import Z_CLEAR, Z, binomial_fraction_standard_error, paired_difference

# ---------------------------------------------------------------- checkers

def p0_zero_bound(n, draw_zero=2.0**-24, z=Z):
    """How many of n units a correct dropout may drop at p = 0: D2L's rule ``rand > p`` drops a unit
    whenever torch.rand returns exactly 0.0 (probability 2^-24 per float32 draw).

    The count is Poisson with mean n 2^-24 (0.012 for n = 200,000); returns the smallest k with
    P(count > k) below the two-sided normal tail beyond z (5.7e-7 for z = 5), the course's Z rule.
    """
    mean, tail_limit = n * draw_zero, math.erfc(z / math.sqrt(2))
    k, term = 0, math.exp(-mean)
    cumulative = term
    while 1 - cumulative >= tail_limit:
        k += 1
        term *= mean / k
        cumulative += term
    return k

def check_dropout(fn):
    """Check a student's ``fn(x, p, training=True)`` for torch tensors.

    Raises AssertionError with specific feedback at the first problem found:
    wrong shape or dtype, changes its input in place, inf/NaN at p = 0
    (divides by p), drops units at p = 0 (about 100%: keep/drop swapped;
    about 50%: randn instead of rand), randn instead of rand behind an early
    return at p = 0 (drops about Phi(p), 57.9% at p = 0.2), keep/drop swapped,
    output that ignores x's values, no rescaling, 1/p instead of 1/(1-p) or
    another wrong factor, NaN at p = 1, ignores training=False, the same mask
    on every call (re-seeding), one mask shared by every example of a batch,
    whole examples dropped at once. Statistical checks allow Z standard
    errors. At p = 0 a handful of dropped units is tolerated: D2L's rule
    ``rand > p`` drops a unit whenever torch.rand returns exactly 0.0, which
    happens with probability 2^-24 per float32 draw (``p0_zero_bound``).
    Returns a message if everything passes.
    """
    n = 200_000
    x = torch.linspace(0.5, 1.5, n)  # different values, none zero: survivors must be x / (1-p)

    def call(x_, p, **kwargs):
        before = x_.clone()
        out = fn(x_, p, **kwargs)
        assert isinstance(out, torch.Tensor), f"fn should return a tensor; it returned {type(out).__name__}"
        assert torch.equal(x_, before), "fn changes its input in place; return a new tensor instead (x * mask, not x *= mask)"
        assert out.shape == x_.shape, f"output shape {tuple(out.shape)} differs from input shape {tuple(x_.shape)}"
        assert out.dtype == x_.dtype, f"output dtype {out.dtype} differs from input dtype {x_.dtype}"
        return out

    def ignores_x(out, x_):
        kept = out != 0
        return bool(kept.sum() > 1) and torch.allclose(out[kept], out[kept][0].expand(int(kept.sum())))

    ignores_message = ("the output ignores x's values: every kept unit comes out as {value:.3f}, whatever x is "
                       "(x runs from 0.5 to 1.5 here). Multiply x by the mask: x * mask / (1 - p), "
                       "not mask / (1 - p)")

    out = call(x, 0.0)
    assert torch.isfinite(out).all(), (
        "at p = 0 the output contains inf or NaN: is it divided by p (here 0) instead of by 1 - p?")
    dropped = int((out == 0).sum())
    if dropped > p0_zero_bound(n):
        fraction = dropped / n
        if n - dropped <= p0_zero_bound(n):  # kept only where rand returned exactly 0.0, if anywhere
            raise AssertionError(
                f"at p = 0 it dropped {fraction:.0%} of the units, but p = 0 must drop none: keep and drop are "
                "swapped, it treats p as the KEEP probability. In this course p is the DROP probability: "
                "keep a unit when rand >= p.")
        if abs(fraction - 0.5) < Z * binomial_fraction_standard_error(0.5, n):
            raise AssertionError(
                f"at p = 0 it dropped {fraction:.0%} of the units, but p = 0 must drop none. Half of all normal "
                "draws are below 0: is the mask built from torch.randn (normal) instead of torch.rand "
                "(uniform in [0, 1))?")
        raise AssertionError(f"at p = 0 it dropped {fraction:.1%} of the units, but p = 0 must drop none")
    if ignores_x(out, x):
        raise AssertionError(ignores_message.format(value=out[out != 0][0].item()))
    kept = out != 0  # all but at most p0_zero_bound(n) units (rand returned exactly 0.0)
    assert torch.equal(out[kept], x[kept]), "at p = 0 the output must equal the input"

    p = 0.2  # 1/p = 5 and 1/(1-p) = 1.25 differ, so a swapped factor shows
    out = call(x, p)
    zeros = (out == 0).float().mean().item()
    bound = Z * binomial_fraction_standard_error(p, n)
    if abs(zeros - (1 - p)) < bound:
        raise AssertionError(
            f"at p = {p} it dropped {zeros:.0%} of the units: it treats p as the KEEP probability. "
            "In this course p is the DROP probability: keep a unit when rand >= p.")
    below = 0.5 * (1 + math.erf(p / math.sqrt(2)))  # P(normal draw < p) = Phi(p)
    if abs(zeros - below) < Z * binomial_fraction_standard_error(below, n):
        raise AssertionError(
            f"at p = {p} it dropped {zeros:.1%} of the units, close to Phi({p}) = {below:.1%}, the chance that a "
            "normal draw is below p. Is the mask built from torch.randn (normal) instead of torch.rand "
            "(uniform in [0, 1))?")
    assert abs(zeros - p) < bound, f"at p = {p} it dropped {zeros:.1%} of the units; expected about {p:.0%}"
    if ignores_x(out, x):
        raise AssertionError(ignores_message.format(value=out[out != 0][0].item()))
    kept = out != 0
    survivors = out[kept] / x[kept]
    scale = survivors.mean().item()
    assert torch.allclose(survivors, torch.tensor(scale)), "survivors are scaled by different factors; use one factor 1/(1-p)"
    if abs(scale - 1.0) < 1e-4:
        raise AssertionError("survivors are not rescaled, so E[x'] = (1-p) x: divide them by (1 - p)")
    if abs(scale - 1 / p) < 1e-3:
        raise AssertionError(
            f"survivors are scaled by {scale:.3f} = 1/p: divide by 1 - p (= {1 - p:g}), not by p. "
            f"With 1/p, E[x'] = (1-p)/p x = {(1 - p) / p:g} x at p = {p}, not x")
    assert abs(scale - 1 / (1 - p)) < 1e-4, f"survivors are scaled by {scale:.3f}; expected 1/(1-p) = {1 / (1 - p):.3f}"

    out = call(x, 1.0)
    assert not torch.isnan(out).any(), "p = 1 gives NaN: 0 / (1 - p) divides by zero. Return zeros when p = 1"
    assert torch.all(out == 0), "p = 1 must drop every unit (return zeros)"

    assert torch.equal(call(x, 0.5, training=False), x), "with training=False dropout must return its input unchanged"

    first, second = call(x, 0.5) == 0, call(x, 0.5) == 0
    assert not torch.equal(first, second), (
        "two calls gave the same mask. Is the generator re-seeded inside the function "
        "(torch.manual_seed in the layer)? Seed once, outside; each call needs a fresh mask.")

    batch = torch.linspace(0.5, 1.5, 400 * 500).reshape(400, 500)  # 400 examples, 500 units each
    dropped = call(batch, 0.5) == 0
    assert not (dropped == dropped[:1]).all(), (
        "every example (row) of a batch got the same mask: draw one random number per ELEMENT, "
        "torch.rand(x.shape), not one per unit (torch.rand(x.shape[-1])) shared by the batch")
    assert not (dropped == dropped[:, :1]).all(), (
        "whole examples (rows) are dropped at once: draw one random number per ELEMENT, "
        "torch.rand(x.shape), not one per example")
    fraction = dropped.float().mean().item()
    assert abs(fraction - 0.5) < Z * binomial_fraction_standard_error(0.5, dropped.numel()), (
        f"on a 2-D batch at p = 0.5 it dropped {fraction:.1%} of the elements; expected about 50%")
    return ("All checks passed: unbiased, drops a fraction p, rescales x by 1/(1-p), safe at p = 1, "
            "identity in eval, fresh masks, a mask per element of a batch.")


def check_answer(name, value, expected, rtol=1e-6, mistakes=None):
    """Compare a numeric exercise answer with the expected one; say HOW a wrong one differs.

    The message gives the ratio and the difference (absolute and relative).
    mistakes: optional {wrong value: hint} for known wrong answers, e.g.
    ``{400.0: "did you use (1-p)/p, the keep-convention formula?"}``.
    """
    value = float(value)
    if np.isclose(value, expected, rtol=rtol, atol=0):
        return f"{name}: correct ({value:g})"
    message = f"{name}: your answer {value:g} differs from the expected {expected:g}"
    if expected != 0 and value != 0:
        ratio = value / expected
        if ratio < 0:
            message += f": it has the wrong sign ({ratio:.3g} times the expected value)"
        elif ratio > 1:
            message += f": too large by a factor {ratio:.4g}"
        else:
            message += f": too small by a factor {1 / ratio:.4g} ({ratio:.4g} times the expected value)"
    difference = value - expected
    message += f"; difference {difference:+g}"
    if expected != 0:
        message += f" (relative {difference / abs(expected):+.1%})"
    for wrong, hint in (mistakes or {}).items():
        if np.isclose(value, wrong, rtol=rtol, atol=0):
            message += f". {hint}"
    raise AssertionError(message)


# ---------------------------------------------------------------- D2L's model, loop and exercises 1-3

def train_sgd(net, X, y, *, steps, lr=0.5, batch_size=256, generator=None, every=None, record=None):
    """D2L's training loop: minibatch SGD on the cross-entropy, ``train()`` while training.

    Shuffles (X, y) every epoch (``generator`` fixes the order) and takes
    ``steps`` minibatch steps. If ``record`` is given, ``record(step, loss)`` is
    called at step 0 and every ``every`` steps with the model in ``eval()``
    mode (loss: the mean training loss, with dropout, since the last call).
    Leaves the model in ``eval()`` mode.
    """
    optimizer = torch.optim.SGD(net.parameters(), lr=lr)
    batches, losses = [], []
    if record is not None:
        net.eval()
        record(0, math.nan)
    for step in range(1, steps + 1):
        if not batches:
            batches = list(torch.randperm(len(y), generator=generator).split(batch_size))
        index = batches.pop(0)
        net.train()
        optimizer.zero_grad()
        loss = F.cross_entropy(net(X[index]), y[index])
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        if record is not None and step % every == 0:
            net.eval()
            record(step, float(np.mean(losses)))
            losses = []
    net.eval()
    return net


@torch.no_grad()
def accuracy(net, X, y):
    """Fraction of (X, y) that ``net`` classifies correctly, in its current mode."""
    return (net(X).argmax(dim=1) == y).float().mean().item()


def d2l_net(p=(0.2, 0.5), hidden=256, seed=0):
    """D2L's MLP scaled to the digits: 64-hidden-hidden-10, dropout p[0] and p[1] after the ReLUs."""
    torch.manual_seed(seed)
    return mlp(64, [hidden, hidden], 10, p=list(p))


def swap_probabilities(first=(0.2, 0.5), second=(0.5, 0.2), *, seeds=5, steps=100, n_train=100, seed=0):
    """D2L exercise 1: does swapping the two layers' drop probabilities change the test accuracy?

    For each of ``seeds`` seeds (seed, seed+1, ...) draws a training set of
    ``n_train`` digits, trains D2L's net with ``first`` and with ``second``
    (same initial weights, same batches), and compares test accuracies, paired
    by seed. Prints mean ± standard error of the difference and whether it is
    clear (more than Z_CLEAR = 2 standard errors). Returns a dict.
    """
    acc_first, acc_second = [], []
    for s in tqdm(range(seed, seed + seeds), desc="seeds"):
        X, y, X_test, y_test = digits(n_train, seed=s)
        for p, accuracies in ((first, acc_first), (second, acc_second)):
            net = d2l_net(p, seed=s)
            train_sgd(net, X, y, steps=steps, generator=torch.Generator().manual_seed(s))
            accuracies.append(accuracy(net, X_test, y_test))
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

    Trains D2L's net with drop probabilities ``p`` and with none (0, 0), from
    the same initial weights on the same batches, for ``steps`` SGD steps.
    Records every ``every`` steps: the training loss as optimized (with
    dropout), the training accuracy and the test loss and accuracy (eval mode).
    Plots them if ``plot``; returns {"dropout": history, "none": history}.
    """
    X, y, X_test, y_test = digits(n_train, seed=seed)
    results = {}
    for name, q in tqdm((("dropout", p), ("none", (0.0, 0.0))), desc="networks"):
        net = d2l_net(q, seed=seed)
        history = {"step": [], "train_loss": [], "train_accuracy": [], "test_loss": [], "test_accuracy": []}

        @torch.no_grad()
        def record(step, loss, net=net, history=history):
            logits = net(X_test)
            history["step"].append(step)
            history["train_loss"].append(loss)
            history["train_accuracy"].append(accuracy(net, X, y))
            history["test_loss"].append(F.cross_entropy(logits, y_test).item())
            history["test_accuracy"].append((logits.argmax(dim=1) == y_test).float().mean().item())

        train_sgd(net, X, y, steps=steps, generator=torch.Generator().manual_seed(seed), every=every, record=record)
        results[name] = {key: np.array(value) for key, value in history.items()}
    if plot:
        fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4), layout="constrained")
        for name, colour, label in (("none", PALETTE["orange"], "no dropout"),
                                    ("dropout", PALETTE["blue"], f"dropout {tuple(p)}")):
            h = results[name]
            left.plot(h["step"], h["train_loss"], color=colour, label=f"{label}: training loss (as optimized)")
            left.plot(h["step"], h["test_loss"], color=colour, linestyle="--", label=f"{label}: test loss")
            right.plot(h["step"], h["test_accuracy"], color=colour, label=label)
        left.set(yscale="log", xlabel="SGD step", ylabel="cross-entropy", title="losses")
        left.legend(fontsize=9)
        right.set(xlabel="SGD step", ylabel="test accuracy", ylim=(0.5, 1.0),
                  title=f"test accuracy ({len(y_test)} test images)")
        right.legend(loc="lower right")
        plt.show()
    return results


def dropout_noise_term(h, p, n_draws=1, generator=None):
    """Measured and predicted extra variance that dropout adds to activations ``h``, with a tolerance.

    With h' = dropout(h, p), the variance over all entries obeys
    E[Var(h')] = Var(h) + p/(1-p) mean(h^2) (1 - 1/N) for N entries (the
    noise term). Returns (measured Var(h') - Var(h), predicted, tolerance):
    the tolerance is Z times a bound on the standard error of the measured
    difference, plus the size of the next-order term.
    """
    h = h.double().flatten()
    n = h.numel()
    noisy = dropout(h, p, generator=generator)
    measured = (noisy.var(correction=0) - h.var(correction=0)).item()
    s2, s4 = (h**2).sum().item(), (h**4).sum().item()
    predicted = p / (1 - p) * s2 / n * (1 - 1 / n)
    se_squares = math.sqrt(p / (1 - p) ** 3 * s4) / n     # SE of mean(h'^2)
    se_mean = math.sqrt(p / (1 - p) * s2) / n             # SE of mean(h')
    tolerance = Z * (se_squares + 2 * abs(h.mean().item()) * se_mean) + (Z * se_mean) ** 2
    return measured, predicted, tolerance


def activation_variance(steps=100, p=(0.2, 0.5), *, n_train=100, seed=0, every=5, plot=True):
    """D2L exercise 3: variance of the first hidden layer's activations over training.

    Trains D2L's net with drop probabilities ``p`` and with none (same initial
    weights and batches). Every ``every`` steps, on the training images, it
    measures the variance (over all images and units) of the first hidden
    layer's activations h = ReLU(W1 x + b1):
      - in eval() mode, for both networks: what the WEIGHTS do;
      - in train() mode for the dropout network, i.e. of dropout(h, p[0]):
        the same weights plus dropout's noise, predicted p/(1-p) mean(h^2).
    Separating the two modes on the same network removes the confound of
    comparing a noisy network with a plain one. Returns a dict of arrays.
    """
    X, y, _, _ = digits(n_train, seed=seed)
    measure = torch.Generator().manual_seed(seed + 1)  # masks for measuring, apart from training's
    out = {"step": [], "plain_eval": [], "dropout_eval": [], "dropout_train": [], "predicted_train": [],
           "noise_measured": [], "noise_predicted": [], "noise_tolerance": []}
    nets = {"dropout": d2l_net(p, seed=seed), "plain": d2l_net((0.0, 0.0), seed=seed)}
    hidden = {}

    def record_for(name):
        net = nets[name]

        @torch.no_grad()
        def record(step, loss):
            h = net[1](net[0](X))  # first hidden layer, after the ReLU (dropout off: eval mode)
            hidden[name, step] = h
        return record

    for name in tqdm(("dropout", "plain"), desc="networks"):
        train_sgd(nets[name], X, y, steps=steps, generator=torch.Generator().manual_seed(seed),
                  every=every, record=record_for(name))
    for step in sorted({s for _, s in hidden}):
        h_drop, h_plain = hidden["dropout", step], hidden["plain", step]
        measured, predicted, tolerance = dropout_noise_term(h_drop, p[0], generator=measure)
        out["step"].append(step)
        out["plain_eval"].append(h_plain.double().var(correction=0).item())
        out["dropout_eval"].append(h_drop.double().var(correction=0).item())
        out["dropout_train"].append(out["dropout_eval"][-1] + measured)
        out["predicted_train"].append(out["dropout_eval"][-1] + predicted)
        out["noise_measured"].append(measured)
        out["noise_predicted"].append(predicted)
        out["noise_tolerance"].append(tolerance)
    out = {key: np.array(value) for key, value in out.items()}
    if plot:
        fig, ax = plt.subplots(figsize=(8, 4.2), layout="constrained")
        ax.plot(out["step"], out["plain_eval"], color=PALETTE["orange"], label="no dropout")
        ax.plot(out["step"], out["dropout_eval"], color=PALETTE["blue"], label=f"dropout {tuple(p)}, eval() mode: weights only")
        ax.plot(out["step"], out["dropout_train"], color=PALETTE["blue"], linestyle="--",
                label="same network, train() mode: + noise")
        ax.plot(out["step"], out["predicted_train"], color=PALETTE["black"], linestyle=":", linewidth=1.5,
                label=r"eval + $\frac{p}{1-p}\,E[h^2]$ (predicted)")
        ax.set(xlabel="SGD step", ylabel="variance of first-layer activations",
               title="first hidden layer, on the training images")
        ax.set_ylim(bottom=0)
        ax.legend(fontsize=10, loc="lower right")
        plt.show()
    return out
