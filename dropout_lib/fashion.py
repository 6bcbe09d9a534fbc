"""D2L's dropout experiment on the real Fashion-MNIST (lesson 02c), one network or a sweep at once.

D2L's setting (Chinese edition 4.6, the classic English edition): a 784-256-256-10 MLP, dropout
after the two hidden ReLUs (drop probabilities 0.2 and 0.5), minibatch SGD on the mean
cross-entropy, lr 0.5, batch 256, 10 epochs, the 60,000 / 10,000 split. Every run of one seed
starts from the same weights and sees the same minibatch order; runs differ only in p.

Per epoch both trainers record, as D2L's animator does, ``train_loss`` and ``train_acc`` (averaged
over the epoch's minibatches, dropout on) and ``test_acc`` (``eval()``), and beyond the book
``test_acc_dropout_on`` (the test set with dropout left on: a forgotten ``eval()``) and
``train_acc_eval`` (the training set after the epoch, ``eval()``: all of it, or its first
``train_eval`` examples).
"""
import json
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from .models import BatchedMLP, mlp
from .seeding import derived_seed

D2L_P = (0.2, 0.5)
EPOCHS, LR, BATCH = 10, 0.5, 256
METRICS = ("train_loss", "train_acc", "test_acc", "test_acc_dropout_on", "train_acc_eval")


def d2l_net(p=D2L_P, seed=0):
    """D2L's model with drop probabilities p = (p1, p2); its weights depend on seed only, not on p."""
    torch.manual_seed(derived_seed(seed, "fashion-mnist weights"))
    return mlp(784, [256, 256], 10, p=list(p))


def epoch_orders(seed, n=60_000, epochs=EPOCHS):
    """One random order of the n training examples per epoch: the minibatches every run of this seed sees."""
    generator = torch.Generator().manual_seed(derived_seed(seed, "fashion-mnist order"))
    return [torch.randperm(n, generator=generator) for _ in range(epochs)]


@torch.no_grad()
def _hits(model, X, y, chunk=5000):
    """Correct predictions on (X, y) in the model's current mode: a number, or one per model (batched)."""
    return sum((model(X[i:i + chunk]).argmax(dim=-1) == y[i:i + chunk]).sum(dim=-1).double()
               for i in range(0, len(y), chunk))


def _train(model, data, seed, epochs, losses_of, progress, train_eval=None):
    """The loop both trainers share; losses_of(logits, y) -> one mean loss per model."""
    X, y, X_test, y_test = data
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)  # each model's loss is its own mean: as if alone
    history = {name: [] for name in (*METRICS, "seconds")}
    orders = epoch_orders(seed, len(y), epochs)
    bar = None
    if progress:
        from tqdm.auto import tqdm
        bar = tqdm(total=epochs * -(-len(y) // BATCH), desc=progress if isinstance(progress, str) else None)
    for order in orders:
        start = time.perf_counter()
        model.train()
        loss_sum = correct = 0
        for index in order.split(BATCH):
            logits = model(X[index])
            losses = losses_of(logits, y[index])
            optimizer.zero_grad()
            losses.sum().backward()
            optimizer.step()
            loss_sum = loss_sum + losses.detach().double() * len(index)
            correct = correct + (logits.argmax(dim=-1) == y[index]).sum(dim=-1).double()
            if bar is not None:
                bar.update()
        history["seconds"].append(time.perf_counter() - start)
        test_on = _hits(model, X_test, y_test) / len(y_test)  # still in train(): dropout on
        model.eval()
        X_seen, y_seen = X[:train_eval], y[:train_eval]  # train_eval=None: all of them
        for name, value in [("train_loss", loss_sum / len(y)), ("train_acc", correct / len(y)),
                            ("test_acc", _hits(model, X_test, y_test) / len(y_test)),
                            ("test_acc_dropout_on", test_on), ("train_acc_eval", _hits(model, X_seen, y_seen) / len(y_seen))]:
            history[name].append(value.tolist())
    if bar is not None:
        bar.close()
    return history


def train_d2l(data, p=D2L_P, seed=0, epochs=EPOCHS, progress=False):
    """Train D2L's model once; a dict of per-epoch lists (METRICS, and ``seconds`` of training).

    data: (X, y, X_test, y_test) from ``dropout_lib.data.fashion_mnist``. The masks come from
    torch's global generator, seeded from seed. progress: a tqdm bar (True, or its label).
    """
    net = d2l_net(p, seed)
    torch.manual_seed(derived_seed(seed, "fashion-mnist masks"))
    return _train(net, data, seed, epochs, lambda logits, y: F.cross_entropy(logits, y), progress)


def batched_d2l(settings, seed=0):
    """A BatchedMLP of D2L's model, one model per setting (p1, p2), each with ``d2l_net(seed)``'s weights."""
    net = d2l_net((0.0, 0.0), seed)
    linears = [layer for layer in net if isinstance(layer, torch.nn.Linear)]
    generator = torch.Generator().manual_seed(derived_seed(seed, "fashion-mnist sweep masks"))
    model = BatchedMLP(len(settings), 784, [256, 256], 10, p=[list(s) for s in settings], generator=generator)
    with torch.no_grad():
        for W, b, linear in zip(model.weights, model.biases, linears):
            W.copy_(linear.weight.T.expand_as(W))
            b.copy_(linear.bias.expand_as(b))
    return model


def train_d2l_batched(data, settings, seed=0, epochs=EPOCHS, progress=False, train_eval=None):
    """Train D2L's model for every setting (p1, p2) of ``settings`` at once, from one seed's weights and
    minibatch order; the same dict as ``train_d2l``, each value a list (epochs) of lists (settings)."""
    model = batched_d2l(settings, seed)

    def losses_of(logits, y):  # logits (models, batch, 10)
        return F.cross_entropy(logits.transpose(1, 2), y.expand(len(settings), -1), reduction="none").mean(dim=1)

    return _train(model, data, seed, epochs, losses_of, progress, train_eval)


SWEEP_FILE = Path(__file__).with_name("fashion_mnist_sweep.json")


def load_sweep(path=SWEEP_FILE):
    """The stored sweep (tools/fashion_mnist_sweep.py): its settings (p1, p2), and every metric as an
    array of shape (seeds, epochs, settings)."""
    stored = json.loads(Path(path).read_text())
    sweep = {name: np.array(stored[name]) for name in METRICS}
    sweep["settings"] = [tuple(s) for s in stored["settings"]]
    sweep["train_eval"] = stored["train_eval"]
    return sweep
