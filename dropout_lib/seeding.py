"""One place for the random seed: ``DROPOUT_SEED`` (default 0) seeds everything;
``derived_seed`` makes every other seed a lesson needs from it. Where the seed is set,
the course also sets its CPU threads (``use_threads``)."""
import os
import random
import zlib

import numpy as np
import threadpoolctl
import torch

DEFAULT_SEED = 0


def seed_everything(seed=None):
    """Seed Python's, numpy's and torch's global generators; return the seed used.

    seed=None reads the environment variable DROPOUT_SEED (default 0), so any
    lesson can be re-run with another seed: ``DROPOUT_SEED=7 make lab``.
    """
    if seed is None:
        text = os.environ.get("DROPOUT_SEED", str(DEFAULT_SEED))
        try:
            seed = int(text)
        except ValueError:
            raise ValueError(f"DROPOUT_SEED must be a whole number; got DROPOUT_SEED={text!r}") from None
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2**32:
        raise ValueError(f"seed must be an integer in [0, 2**32); got seed={seed!r}")
    seed = int(seed)
    use_threads()
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    return seed


def use_threads(n=None):
    """Run torch and the BLAS under numpy on ``n`` threads; return n.

    n=None: DROPOUT_THREADS if set, else 1, unless OMP_NUM_THREADS is set (the user's choice
    is kept). The course's networks are small: a second thread gains nothing, and torch's
    threads spin-wait for each other when another program (a browser, a screen recorder)
    holds a core, which made a lesson 8x slower beside one busy process. Called by
    ``seed_everything``; call ``torch.set_num_threads`` after it to override.
    """
    if n is None:
        if "OMP_NUM_THREADS" in os.environ and "DROPOUT_THREADS" not in os.environ:
            return torch.get_num_threads()
        text = os.environ.get("DROPOUT_THREADS", "1")
        if not text.isdigit() or int(text) < 1:
            raise ValueError(f"DROPOUT_THREADS must be a whole number >= 1; got DROPOUT_THREADS={text!r}")
        n = int(text)
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a whole number >= 1 (threads); got n={n!r}")
    torch.set_num_threads(n)
    threadpoolctl.threadpool_limits(n)
    return n


def derived_seed(base, *keys):
    """The seed for one purpose, derived from the lesson's seed: an integer in [0, 2**32).

    keys name the purpose: words and/or whole numbers, e.g. ``derived_seed(SEED, "moons", 3)``
    for the 4th training set. The one rule for every seed a lesson needs besides SEED:
    numpy's SeedSequence mixes base and keys, so different purposes or base seeds get
    unrelated seeds (unlike SEED + 1, which is the next reader's SEED).
    """
    entropy = [base, *(zlib.crc32(key.encode()) if isinstance(key, str) else key for key in keys)]
    for value in entropy:
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
            raise ValueError(f"derived_seed takes a seed and keys that are words or whole numbers >= 0; "
                             f"got base={base!r}, keys={keys!r}")
    return int(np.random.SeedSequence([int(v) for v in entropy]).generate_state(1)[0])
