"""One place for the random seed: ``DROPOUT_SEED`` (default 0) seeds everything;
``derived_seed`` makes every other seed a lesson needs from it."""
import os
import random
import zlib

import numpy as np
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
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    return seed


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
