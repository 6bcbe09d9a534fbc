"""The lessons' data sets, all offline once on disk.

scikit-learn's digits and noisy moons ship inside scikit-learn. Fashion-MNIST
(D2L's data set) is read from the first folder that holds its four original
files: one you name, Debian's package, this library's cache; only when none
does is it downloaded, once, into the cache. Every file is checked against
the SHA-256 of its original decompressed bytes before it is used.
"""
import gzip
import hashlib
import os
import sys
import tempfile
import urllib.request
import zlib
from http.client import HTTPException
from pathlib import Path

import numpy as np
import torch
from sklearn.datasets import load_digits, make_moons

from .seeding import derived_seed


def digits(n_train, seed=0):
    """scikit-learn's 8x8 handwritten digits (1,797 images, 10 classes), split at random.

    Returns ``(X_train, y_train, X_test, y_test)``: float32 tensors of shape
    (n, 64) with pixels scaled to [0, 1], and int64 labels. The test set is
    every image not in the training set.
    """
    images, labels = load_digits(return_X_y=True)
    if not 1 <= n_train < len(labels):
        raise ValueError(f"n_train must be in [1, {len(labels) - 1}]; got n_train={n_train!r}")
    order = np.random.default_rng(seed).permutation(len(labels))
    X = torch.tensor(images[order] / 16.0, dtype=torch.float32)
    y = torch.tensor(labels[order], dtype=torch.int64)
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:]


def noisy_moons(n, noise=0.35, seed=0, flip=0.0):
    """scikit-learn's two interleaving half-moons in 2-D, with Gaussian noise.

    Returns ``(X, y)``: (n, 2) float32 points and (n,) int64 labels (0 or 1).
    flip: each label is swapped to the other class with this probability
    (labelling mistakes), independently, drawn from its own generator seeded
    with ``derived_seed(seed, "flip")``: the points are the same for every
    ``flip``, and flip=0 gives the clean labels of the same points.
    """
    if not 0.0 <= flip <= 1.0:
        raise ValueError(f"flip must be a probability in [0, 1]; got flip={flip!r}")
    X, y = make_moons(n, noise=noise, random_state=seed)
    if flip > 0:
        flipped = np.random.default_rng(derived_seed(seed, "flip")).random(n) < flip
        y = np.where(flipped, 1 - y, y)
    return torch.tensor(X, dtype=torch.float32), torch.tensor(y, dtype=torch.int64)


# ---------------------------------------------------------------- Fashion-MNIST

# SHA-256 of each file's DECOMPRESSED bytes: Debian recompressed the .gz files, their contents are the originals.
FASHION_MNIST_SHA256 = {
    "train-images-idx3-ubyte.gz": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
    "train-labels-idx1-ubyte.gz": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
    "t10k-images-idx3-ubyte.gz": "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
    "t10k-labels-idx1-ubyte.gz": "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
}
FASHION_MNIST_URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"  # torchvision's, so D2L's
FASHION_MNIST_CLASSES = ("t-shirt", "trouser", "pullover", "dress", "coat",
                         "sandal", "shirt", "sneaker", "bag", "ankle boot")  # D2L's names for labels 0-9
DEBIAN_DIR = Path("/usr/share/datasets/fashion-mnist")  # apt-get install dataset-fashion-mnist


def fashion_mnist(directory=None, *, url=None):
    """Fashion-MNIST, D2L's data set: 60,000 training and 10,000 test images, 28x28 grey, 10 classes.

    Returns ``(X_train, y_train, X_test, y_test)``: float32 tensors of shape
    (60000, 784) and (10000, 784), one image per row (its pixels row by row,
    scaled to [0, 1] like D2L's ``ToTensor``; ``X.view(-1, 1, 28, 28)`` is
    D2L's shape), and int64 labels 0-9 (names: ``FASHION_MNIST_CLASSES``).
    The training images take 188 MB. Where the files are found, and ``url``:
    ``find_fashion_mnist``.
    """
    folder = find_fashion_mnist(directory, url=url)
    images, labels, test_images, test_labels = (_read_idx(folder / name) for name in FASHION_MNIST_SHA256)
    return _scaled(images), _labels(labels), _scaled(test_images), _labels(test_labels)


def find_fashion_mnist(directory=None, *, url=None):
    """The folder that Fashion-MNIST's four .gz files are read from.

    The first that holds all four of: ``directory`` (else the environment
    variable DROPOUT_DATA), Debian's package (``DEBIAN_DIR``), the cache
    (``cache_dir() / "fashion-mnist"``). If none does, the cache's missing
    files are downloaded from ``url`` (else DROPOUT_DATA_URL, else
    ``FASHION_MNIST_URL``); a file is saved only once its contents are verified.
    """
    if url is not None and not isinstance(url, str):
        raise TypeError(f"url must be a str, the address of the files' folder; got url={url!r} of type {type(url).__name__}")
    folders = [folder for folder in (_named_folder(directory), DEBIAN_DIR) if folder is not None]
    cache = cache_dir() / "fashion-mnist"
    for folder in folders + [cache]:
        if all((folder / name).is_file() for name in FASHION_MNIST_SHA256):
            return folder
    url = url or os.environ.get("DROPOUT_DATA_URL") or FASHION_MNIST_URL
    for name in FASHION_MNIST_SHA256:
        if not (cache / name).is_file():
            _download(url.rstrip("/") + "/" + name, cache / name, searched=folders)
    return cache


def cache_dir():
    """This library's cache: ~/.cache/dropout_lib on Linux ($XDG_CACHE_HOME if set),
    ~/Library/Caches/dropout_lib on macOS, %LOCALAPPDATA%\\dropout_lib on Windows."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "dropout_lib"


def _named_folder(directory):
    """The folder the user named (argument, else DROPOUT_DATA), checked; None if none was named."""
    name = "directory"
    if directory is None:
        name, directory = "DROPOUT_DATA", os.environ.get("DROPOUT_DATA")
        if not directory:
            return None
    if not isinstance(directory, (str, os.PathLike)):
        raise TypeError(f"{name} must be a path (str or pathlib.Path); "
                        f"got {name}={directory!r} of type {type(directory).__name__}")
    if not Path(directory).expanduser().is_dir():
        raise ValueError(f"{name} must be a folder holding Fashion-MNIST's four .gz files; "
                         f"got {name}={str(directory)!r}, which is not a folder")
    return Path(directory).expanduser()


def _verified(blob, name):
    """The decompressed bytes of ``name`` (its .gz contents ``blob``), if they are the original ones."""
    try:
        data = gzip.decompress(blob)
    except (OSError, EOFError, zlib.error) as error:
        raise ValueError(f"{name} is not a complete gzip file ({error})") from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != FASHION_MNIST_SHA256[name]:
        raise ValueError(f"{name} is not Fashion-MNIST's: the SHA-256 of its decompressed bytes is {digest}, "
                         f"expected {FASHION_MNIST_SHA256[name]}")
    return data


def _read_idx(path):
    """One verified IDX file as uint8: images (n, rows * cols), labels (n,)."""
    try:
        data = _verified(path.read_bytes(), path.name)
    except ValueError as error:
        raise ValueError(f"{path}: {error}. {_fix(path.parent)}.") from None
    n_dims = data[3]  # the header: 0, 0, 8 (uint8), the number of dimensions, then each size as a big-endian int32
    n = int.from_bytes(data[4:8], "big")
    array = np.frombuffer(data, np.uint8, offset=4 + 4 * n_dims)
    return array.reshape(n, -1) if n_dims > 1 else array


def _fix(folder):
    """What to do about a damaged file in ``folder``."""
    if folder == DEBIAN_DIR:
        return "Reinstall Debian's package: sudo apt-get install --reinstall dataset-fashion-mnist"
    if folder == cache_dir() / "fashion-mnist":
        return "Delete it: the next call downloads a fresh copy"
    return "Replace it with the original file, or delete it"


def _scaled(images):
    """uint8 pixels -> float32 in [0, 1]: x / 255, as ToTensor (one float32 copy, divided in place)."""
    return torch.from_numpy(images.astype(np.float32)).div_(255)


def _labels(labels):
    return torch.from_numpy(labels.astype(np.int64))


def _download(source, target, searched):
    """Fetch ``source`` into ``target``: verified first, then written under a temporary name and renamed.
    searched: the folders looked in before the cache (for the message if it fails)."""
    print(f"Downloading {source} into {target.parent} (once)", file=sys.stderr)
    try:
        with urllib.request.urlopen(source, timeout=60) as response:
            blob = response.read()
        _verified(blob, target.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(blob)
            os.replace(temporary, target)
        finally:
            Path(temporary).unlink(missing_ok=True)
    except (OSError, HTTPException, ValueError) as error:
        raise FileNotFoundError(_missing_message(searched + [target.parent], source, error)) from None


def _missing_message(searched, source, error):
    """Why the data are missing and the two ways out; searched: the folders looked in, the cache last."""
    names = ", ".join(FASHION_MNIST_SHA256)
    return (
        f"Fashion-MNIST's four files ({names}) are not all in any of {', '.join(map(str, searched))}, and "
        f"downloading {source} failed: {error}. No unverified file was kept.\n"
        "Two ways to get them without this download (behind a firewall, say):\n"
        "  1. install Debian's package (Debian, Ubuntu): sudo apt-get install dataset-fashion-mnist\n"
        f"  2. copy the four files (from any copy of Fashion-MNIST, e.g. torchvision's FashionMNIST/raw/ folder, "
        f"or from {FASHION_MNIST_URL} on a machine that can reach it) into {searched[-1]}\n"
        "Or name the folder that holds them: fashion_mnist(directory=...) or the environment variable DROPOUT_DATA."
    )
