"""One place for the random seed: ``DROPOUT_SEED`` (default 0) seeds everything."""
import os
import random

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
