"""D2L's Fashion-MNIST experiment, timed; and the sweep over p and seeds that lesson 02c loads.

    python -m tools.fashion_mnist_sweep d2l [--threads 1]     # D2L's run, with and without dropout
    OMP_NUM_THREADS=1 python -m tools.fashion_mnist_sweep sweep --seeds 10   # writes dropout_lib/fashion_mnist_sweep.json

D2L's experiment (``dropout_lib.fashion``): 784-256-256-10 MLP, dropout after the two hidden ReLUs
(0.2, 0.5), minibatch SGD on the mean cross-entropy, lr 0.5, batch 256, 10 epochs, the real
60,000 / 10,000 split (``dropout_lib.data.fashion_mnist``).

``sweep`` trains, for each seed 0, 1, ..., every setting (p1, p2) as one ``dl.BatchedMLP``
(``fashion.train_d2l_batched``: all settings of a seed start from that seed's weights and see its
minibatch order) and rewrites the JSON file after each seed, so an interrupted sweep keeps the
seeds it finished. Accuracies are stored as exact fractions' decimals (counts / 10,000 or / 60,000,
rounded to 6 places), losses to 6 places. tests/test_fashion_mnist_sweep.py checks the file and
(slow) retrains seed 0.
"""
import argparse
import json
import os
import time
from pathlib import Path

import torch

from dropout_lib import fashion
from dropout_lib.data import fashion_mnist

OUT = fashion.SWEEP_FILE
SETTINGS = [(0.0, 0.0), fashion.D2L_P, *((p, p) for p in (0.1, 0.2, 0.3, 0.5, 0.7, 0.9))]
TRAIN_EVAL = 10_000  # train_acc_eval: on the first 10,000 training examples (a sixth of the cost)


def rounded(history):
    return {name: [[round(v, 6) for v in row] for row in rows] for name, rows in history.items() if name != "seconds"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["d2l", "sweep"])
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    parser.add_argument("--seeds", type=int, default=10, help="sweep: seeds 0 .. N-1")
    parser.add_argument("--epochs", type=int, default=fashion.EPOCHS)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    start = time.perf_counter()
    data = fashion_mnist()
    print(f"loaded in {time.perf_counter() - start:.1f} s; {torch.get_num_threads()} threads, "
          f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}", flush=True)
    if args.what == "d2l":
        for p in [fashion.D2L_P, (0.0, 0.0)]:
            history = fashion.train_d2l(data, p, 0, args.epochs)
            for epoch in range(args.epochs):
                print(f"p={p} epoch {epoch + 1:2d}: {history['seconds'][epoch]:5.2f} s  "
                      + "  ".join(f"{name} {history[name][epoch]:.4f}" for name in fashion.METRICS))
        return
    result = {"settings": SETTINGS, "seeds": 0, "train_eval": TRAIN_EVAL, "epochs": args.epochs, "torch": torch.__version__,
              "cpu_capability": torch.backends.cpu.get_cpu_capability(), "threads": torch.get_num_threads(), "seconds": [],
              **{name: [] for name in fashion.METRICS}}  # each: seeds x epochs x settings
    for seed in range(args.seeds):
        start = time.perf_counter()
        history = fashion.train_d2l_batched(data, SETTINGS, seed, args.epochs, train_eval=TRAIN_EVAL)
        for name, rows in rounded(history).items():
            result[name].append(rows)
        result["seeds"] = seed + 1
        result["seconds"].append(round(time.perf_counter() - start, 1))
        args.out.write_text(json.dumps(result, separators=(",", ":")) + "\n")
        print(f"seed {seed}: {result['seconds'][-1]} s; final test acc "
              + " ".join(f"{p}:{a:.4f}" for p, a in zip(SETTINGS, history["test_acc"][-1])), flush=True)
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
