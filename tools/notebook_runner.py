"""Run notebooks top to bottom in a fresh kernel.

    python -m tools.notebook_runner notebooks/*.ipynb   # re-run and save outputs (make execute)

``execute(path, seed=...)`` is also used by the tests that re-run every lesson
with other seeds: the kernel gets DROPOUT_SEED in its environment. ``NOTEBOOKS``
and ``kernel_env`` are the one place the tests, the browser tests and the
benchmarks take the lessons and the seed variable from.
"""
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def kernel_env(seed=None):
    """This process's environment for a kernel or server: DROPOUT_SEED removed (the default
    seed), or set to ``seed``."""
    env = {key: value for key, value in os.environ.items() if key != "DROPOUT_SEED"}
    if seed is not None:
        env["DROPOUT_SEED"] = str(seed)
    return env


def execute(path, seed=None, timeout=600):
    """Execute the notebook at ``path`` in a fresh kernel; return the executed notebook.

    Raises nbclient's CellExecutionError on the first failing cell (cells
    tagged ``raises-exception`` may fail). seed: DROPOUT_SEED for the kernel.
    """
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute(env=kernel_env(seed))
    return nb


def main(paths):
    for path in paths:
        start = time.perf_counter()
        nb = execute(path)
        nbformat.write(nb, path)
        print(f"{path}: executed in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
