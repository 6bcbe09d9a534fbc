"""Run notebooks top to bottom in a fresh kernel.

    python -m tools.notebook_runner notebooks/*.ipynb   # re-run and save outputs (make execute)

The one place the tools and tests take the lessons (``NOTEBOOKS``, in course order),
the kernel's environment (``kernel_env``: the seed variable) and a notebook client
(``client_for``) from: the tests that re-run every lesson with other seeds, the seed
sweep, the benchmarks, the browser tests, the translations and the slides.
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


class _Client(NotebookClient):
    """nbclient's client, whose kernel always gets ``kernel_env(seed)``."""

    def __init__(self, nb, seed, **options):
        super().__init__(nb, **options)
        self.seed = seed

    async def async_start_new_kernel(self, **kwargs):
        await super().async_start_new_kernel(**{"env": kernel_env(self.seed), **kwargs})


def client_for(nb, path, seed=None, timeout=600, allow_errors=False):
    """A notebook client for ``nb`` (read from ``path``): a fresh python3 kernel started in the
    notebook's folder, with DROPOUT_SEED=seed (None: the default seed)."""
    return _Client(nb, seed, timeout=timeout, kernel_name="python3", allow_errors=allow_errors,
                   resources={"metadata": {"path": str(Path(path).parent)}})


def execute(path, seed=None, timeout=600):
    """Execute the notebook at ``path`` in a fresh kernel; return the executed notebook.

    Raises nbclient's CellExecutionError on the first failing cell (cells
    tagged ``raises-exception`` may fail). seed: DROPOUT_SEED for the kernel.
    """
    nb = nbformat.read(path, as_version=4)
    client_for(nb, path, seed, timeout).execute()
    return nb


def main(paths):
    for path in paths:
        start = time.perf_counter()
        nb = execute(path)
        nbformat.write(nb, path)
        print(f"{path}: executed in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
