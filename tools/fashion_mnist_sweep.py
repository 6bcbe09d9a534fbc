"""D2L's Fashion-MNIST experiment, timed; and a sweep over p and seeds as one BatchedMLP (a prototype).

    python -m tools.fashion_mnist_sweep d2l [--threads 1]          # D2L's run, with and without dropout
    python -m tools.fashion_mnist_sweep sweep --seeds 3 --out build/fashion_mnist_sweep.json

D2L's experiment: 784-256-256-10 MLP, dropout after the two hidden ReLUs (0.2, 0.5), minibatch
SGD on the mean cross-entropy, lr 0.5, batch 256, 10 epochs, the real 60,000 / 10,000 split
(dropout_lib.data.fashion_mnist). As D2L reports them: the training loss and accuracy are
averaged over the epoch's minibatches (dropout on), the test accuracy is measured after the
epoch in eval() mode. Every run of one seed starts from the same weights and sees the same
minibatch order; with and without dropout differ only in p.

``sweep`` trains settings x seeds as one ``dl.BatchedMLP`` (model m: seed m // settings,
setting m % settings; every setting of a seed starts from that seed's weights) and writes the
per-epoch curves to a small JSON file, the kind a lesson could load instead of training.
"""
import argparse
import json
import os
import time
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

import dropout_lib as dl
from dropout_lib.data import fashion_mnist

D2L_P = (0.2, 0.5)
EPOCHS, LR, BATCH = 10, 0.5, 256


def d2l_net(p):
    """D2L's model in plain PyTorch: (batch, 784) -> (batch, 10) logits."""
    return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Dropout(p[0]),
                         nn.Linear(256, 256), nn.ReLU(), nn.Dropout(p[1]), nn.Linear(256, 10))


def orders(seed, n, epochs):
    """One random order of the n training examples per epoch: the minibatches every run of this seed sees."""
    generator = torch.Generator().manual_seed(dl.derived_seed(seed, "fashion-mnist order"))
    return [torch.randperm(n, generator=generator) for _ in range(epochs)]


def run_d2l(data, p, seed, epochs=EPOCHS):
    """One D2L run; a list of per-epoch dicts: seconds and cpu_seconds (training: wall clock, this process's
    CPU time, which a busy machine inflates less), train_loss, train_acc, test_acc."""
    X, y, X_test, y_test = data
    torch.manual_seed(dl.derived_seed(seed, "fashion-mnist weights"))
    net = d2l_net(p)  # the weights do not depend on p: the same start with and without dropout
    torch.manual_seed(dl.derived_seed(seed, "fashion-mnist masks"))
    optimizer = torch.optim.SGD(net.parameters(), lr=LR)
    history = []
    for order in orders(seed, len(y), epochs):
        start, cpu = time.perf_counter(), time.process_time()
        net.train()
        loss_sum, correct = 0.0, 0
        for index in order.split(BATCH):
            logits = net(X[index])
            loss = F.cross_entropy(logits, y[index])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(index)
            correct += (logits.argmax(dim=1) == y[index]).sum().item()
        seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
        net.eval()
        with torch.no_grad():
            test_acc = (net(X_test).argmax(dim=1) == y_test).float().mean().item()
        history.append({"seconds": seconds, "cpu_seconds": cpu_seconds, "train_loss": loss_sum / len(y),
                        "train_acc": correct / len(y), "test_acc": test_acc})
    return history


def batched(settings, n_seeds, seed):
    """A BatchedMLP of settings x seeds (seed-major); each seed's settings share that seed's initial weights."""
    torch.manual_seed(dl.derived_seed(seed, "fashion-mnist batched weights"))
    model = dl.BatchedMLP(n_seeds * len(settings), 784, [256, 256], 10, p=[list(p) for p in settings] * n_seeds)
    with torch.no_grad():
        for W in [*model.weights, *model.biases]:
            W.copy_(W[:: len(settings)].repeat_interleave(len(settings), dim=0))
    return model


def run_sweep(data, settings, n_seeds, seed, epochs=EPOCHS, chunk=2000):
    """Train settings x seeds as one network: (epochs, seeds, settings) lists, the (CPU) seconds of each epoch."""
    X, y, X_test, y_test = data
    model = batched(settings, n_seeds, seed)
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)  # each model's loss is its own mean: as if alone
    curves = {"train_loss": [], "train_acc": [], "test_acc": [], "seconds": [], "cpu_seconds": []}
    shape = (n_seeds, len(settings))
    for order in orders(seed, len(y), epochs):  # one minibatch order for all models
        start, cpu = time.perf_counter(), time.process_time()
        model.train()
        loss_sum, correct = torch.zeros(model.n_models), torch.zeros(model.n_models)
        for index in order.split(BATCH):
            logits = model(X[index])  # (models, batch, 10)
            target = y[index].expand(model.n_models, -1)
            losses = F.cross_entropy(logits.transpose(1, 2), target, reduction="none").mean(dim=1)
            optimizer.zero_grad()
            losses.sum().backward()
            optimizer.step()
            loss_sum += losses.detach() * len(index)
            correct += (logits.argmax(dim=-1) == target).sum(dim=1)
        curves["seconds"].append(time.perf_counter() - start)
        curves["cpu_seconds"].append(time.process_time() - cpu)
        model.eval()
        with torch.no_grad():
            hits = sum((model(X_test[i:i + chunk]).argmax(dim=-1) == y_test[i:i + chunk]).sum(dim=1)
                       for i in range(0, len(y_test), chunk))
        for name, value in [("train_loss", loss_sum / len(y)), ("train_acc", correct / len(y)),
                            ("test_acc", hits / len(y_test))]:
            curves[name].append([[round(v, 5) for v in row] for row in value.view(shape).tolist()])
    return curves


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["d2l", "sweep"])
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--seeds", type=int, default=1, help="sweep: how many seeds (initial weights, masks)")
    parser.add_argument("--ps", type=float, nargs="+", default=[i / 10 for i in range(10)],
                        help="sweep: drop probabilities, each used for both hidden layers")
    parser.add_argument("--d2l-pair", action="store_true", help="sweep: D2L's (0.2, 0.5) scaled by each --ps value / 0.5")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    start = time.perf_counter()
    data = fashion_mnist()
    print(f"loaded in {time.perf_counter() - start:.1f} s; {torch.get_num_threads()} threads, "
          f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}")
    if args.what == "d2l":
        result = {}
        for p in [D2L_P, (0.0, 0.0)]:
            history = result[str(p)] = run_d2l(data, p, args.seed, args.epochs)
            for epoch, row in enumerate(history, 1):
                print(f"p={p} epoch {epoch:2d}: {row['seconds']:5.2f} s ({row['cpu_seconds']:5.2f} s CPU)  "
                      f"train loss {row['train_loss']:.4f}  "
                      f"train acc {row['train_acc']:.4f}  test acc {row['test_acc']:.4f}")
    else:
        settings = [tuple(min(q * v / 0.5, 1.0) for q in D2L_P) if args.d2l_pair else (v, v) for v in args.ps]
        result = {"settings": settings, "seeds": args.seeds, "seed": args.seed, "epochs": args.epochs,
                  "torch": torch.__version__, "threads": torch.get_num_threads()}
        result |= run_sweep(data, settings, args.seeds, args.seed, args.epochs)
        print(f"{len(settings)} settings x {args.seeds} seeds: {sum(result['seconds']):.1f} s "
              f"({sum(result['cpu_seconds']):.1f} s CPU), "
              f"({', '.join(f'{s:.1f}' for s in result['seconds'])} s per epoch)")
        for j, p in enumerate(settings):
            print(f"p={p}: final test acc " + " ".join(f"{result['test_acc'][-1][s][j]:.4f}" for s in range(args.seeds)))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, separators=(",", ":")))
        print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
