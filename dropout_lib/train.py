"""Every training loop and metric of the course.

- ``train_sgd``: D2L's loop (minibatch SGD on the cross-entropy, ``train()`` while training);
- ``train_classifier``: full-batch Adam, for the small data sets of the lessons;
- ``train_batched``: full-batch Adam for a ``BatchedMLP``, many models at once (the
  performance layer behind ``sweep.train_grid``: one network of batched matrix products
  instead of a Python loop over models, about 8x faster for a lesson's sweep);
- ``error`` / ``accuracy`` / ``evaluate``: one definition of the classification error.
"""
import math

import numpy as np
import torch
import torch.nn.functional as F


def error(output, y):
    """Fraction misclassified: output (..., batch, classes) logits, y (batch,) or (..., batch) labels.

    Returns a float for one model, or one error per model, shape (...), for batched outputs.
    """
    y = y.expand(*output.shape[:-2], y.shape[-1]) if y.dim() < output.dim() - 1 else y
    wrong = (output.argmax(dim=-1) != y).float().mean(dim=-1)
    return wrong.item() if wrong.dim() == 0 else wrong


@torch.no_grad()
def accuracy(net, X, y):
    """Fraction of (X, y) that ``net`` classifies correctly, in its current mode (train() or eval())."""
    return 1.0 - error(net(X), y)


def train_sgd(net, X, y, *, steps, lr=0.5, batch_size=256, generator=None, every=None, record=None):
    """D2L's training loop: minibatch SGD on the cross-entropy, ``train()`` while training.

    Shuffles (X, y) every epoch (``generator`` fixes the order) and takes ``steps`` minibatch
    steps. If ``record`` is given, ``record(step, loss)`` is called at step 0 and every ``every``
    steps with the model in ``eval()`` mode (loss: the mean training loss, with dropout, since the
    last call). Leaves the model in ``eval()`` mode.
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


def train_classifier(model, X, y, *, steps=300, lr=1e-3, weight_decay=0.0):
    """Train ``model`` on (X, y) with full-batch Adam and cross-entropy; return the losses.

    X: (n, features) float tensor; y: (n,) int64 labels. The model is left in
    eval() mode afterwards. Returns the training loss of each step (a list).
    """
    optimizer = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
    model.train()
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = F.cross_entropy(model(X), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    model.eval()
    return losses


@torch.no_grad()
def evaluate(model, X, y):
    """(cross-entropy loss, accuracy) of ``model`` on (X, y), in the model's current mode."""
    logits = model(X)
    return F.cross_entropy(logits, y).item(), 1.0 - error(logits, y)


def train_batched(model, X, y, *, loss="cross_entropy", steps=300, lr=1e-3, weight_decay=0.0,
                  X_test=None, y_test=None, X_val=None, y_val=None, record_every=20):
    """Train a ``BatchedMLP`` (all its models at once) with full-batch Adam.

    The model needs what a ``BatchedMLP`` has: ``n_models``, ``weight_penalty()``
    (per-model sum of squared weights) and the buffer ``p`` (its device places the decay).

    X: (batch, n_in) shared, or (n_models, batch, n_in); y: (batch,) or
    (n_models, batch) labels for "cross_entropy", (.., batch, n_out) targets
    for "mse". weight_decay: a number or one per model, an L2 penalty
    weight_decay * ||W||^2 / 2 added to each model's loss: the coupled L2 form
    that Adam's weight_decay uses, but on weight matrices only (not biases). Models do not interact: Adam's update is elementwise,
    so summing their losses trains each exactly as if it were alone.

    Returns a dict of histories, one column per model: "train_loss"
    (steps, n_models); with X_test/y_test (classification) also "step",
    "train_error", "test_loss" and "test_error" every ``record_every`` steps,
    and with X_val/y_val likewise "validation_loss" and "validation_error".
    """
    decay = torch.as_tensor(weight_decay, dtype=torch.float32, device=model.p.device).expand(model.n_models)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    recorded = {name: data for name, data in [("test", (X_test, y_test)), ("validation", (X_val, y_val))]
                if data[0] is not None}
    history = {"train_loss": [], "step": [], "train_error": []}
    for step in range(steps + 1):
        if recorded and step % record_every == 0:
            model.eval()
            with torch.no_grad():
                history["step"].append(step)
                history["train_error"].append(batched_error(model, X, y))
                for name, (X_eval, y_eval) in recorded.items():
                    output = model(X_eval)  # one pass for both
                    history.setdefault(f"{name}_loss", []).append(batched_loss(output, y_eval, loss))
                    history.setdefault(f"{name}_error", []).append(error(output, y_eval))
        if step == steps:
            break
        model.train()
        optimizer.zero_grad()
        per_model = batched_loss(model(X), y, loss)
        penalty = model.weight_penalty() * decay / 2
        (per_model + penalty).sum().backward()
        optimizer.step()
        history["train_loss"].append(per_model.detach())
    model.eval()
    return {key: torch.stack(value) if key != "step" else value
            for key, value in history.items() if len(value)}


def batched_loss(output, y, loss="cross_entropy"):
    """Mean loss of each model: output (n_models, batch, n_out) -> (n_models,)."""
    n_models = output.shape[0]
    if loss == "cross_entropy":
        y = y.expand(n_models, *y.shape[-1:]) if y.dim() == 1 else y
        return F.cross_entropy(output.transpose(1, 2), y, reduction="none").mean(dim=1)
    if loss == "mse":
        return ((output - y) ** 2).mean(dim=(1, 2))
    raise ValueError(f"loss must be 'cross_entropy' or 'mse'; got loss={loss!r}")


@torch.no_grad()
def batched_error(model, X, y):
    """Classification error of each model in its current mode: (n_models,)."""
    return error(model(X), y)
