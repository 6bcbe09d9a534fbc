"""Fashion-MNIST's loader: where it looks, what it downloads, what it refuses.

Small stand-in files in the same gzip'd IDX format (their digests pinned in place of the real
ones) play the data set; an HTTP server on 127.0.0.1 plays the download site. The last test
reads the real files of Debian's package: without the package it is skipped, loudly, unless
DROPOUT_REQUIRE_DATA=1 (set by .ci/run), which makes that a failure.
"""
import gzip
import hashlib
import http.server
import os
import socket
import sys
import threading

import numpy as np
import pytest
import torch

from dropout_lib import data

REQUIRED = os.environ.get("DROPOUT_REQUIRE_DATA") == "1"
NAMES = list(data.FASHION_MNIST_SHA256)  # train images, train labels, test images, test labels


def idx_gz(array):
    """uint8 ``array`` in the IDX format, gzip'd: 0, 0, 8 (uint8), the number of dimensions, each size (big-endian)."""
    header = bytes([0, 0, 8, array.ndim]) + b"".join(n.to_bytes(4, "big") for n in array.shape)
    return gzip.compress(header + array.astype(np.uint8).tobytes(), mtime=0)


RNG = np.random.default_rng(0)
ARRAYS = dict(zip(NAMES, [RNG.integers(0, 256, (6, 28, 28)), np.array([9, 0, 0, 3, 0, 2]),
                          RNG.integers(0, 256, (4, 28, 28)), np.array([9, 2, 1, 1])]))
ARRAYS[NAMES[0]][0, 0, :2] = [0, 255]  # both ends of the pixel range
FILES = {name: idx_gz(array) for name, array in ARRAYS.items()}
DIGESTS = {name: hashlib.sha256(gzip.decompress(blob)).hexdigest() for name, blob in FILES.items()}


def flip_last_byte(blob):
    """The .gz file ``blob`` with one bit of its contents changed (still a valid gzip file)."""
    contents = gzip.decompress(blob)
    return gzip.compress(contents[:-1] + bytes([contents[-1] ^ 1]), mtime=0)


def put(folder, names=NAMES):
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_bytes(FILES[name])
    return folder


@pytest.fixture
def where(tmp_path, monkeypatch):
    """The stand-ins' digests pinned; Debian's folder, the cache and the user's folders under tmp_path, all empty."""
    monkeypatch.setattr(data, "FASHION_MNIST_SHA256", DIGESTS)
    monkeypatch.setattr(data, "DEBIAN_DIR", tmp_path / "debian")
    for variable in ("DROPOUT_DATA", "DROPOUT_DATA_URL"):
        monkeypatch.delenv(variable, raising=False)
    for variable in ("HOME", "USERPROFILE", "XDG_CACHE_HOME", "LOCALAPPDATA"):  # the cache, on every platform
        monkeypatch.setenv(variable, str(tmp_path / "home"))
    (tmp_path / "user").mkdir()
    return {"debian": tmp_path / "debian", "cache": data.cache_dir() / "fashion-mnist", "user": tmp_path / "user"}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        server = self.server
        name = self.path.rsplit("/", 1)[-1]
        server.requests.append(name)
        blob, spoiled = FILES.get(name), name == server.spoil
        if blob is None or (spoiled and server.mode == "missing"):
            return self.send_error(404)
        if spoiled and server.mode == "tampered":  # a valid gzip file of other bytes
            blob = flip_last_byte(blob)
        self.send_response(200)
        if not (spoiled and server.mode == "cut"):
            self.send_header("Content-Length", str(len(blob)))
        self.end_headers()
        # "truncated": the connection closes before the announced length; "cut": no length announced
        self.wfile.write(blob[: len(blob) // 2] if spoiled and server.mode in ("truncated", "cut") else blob)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    """The download site on 127.0.0.1 at ``server.url``; ``requests``: the files asked for.

    Set ``spoil`` (a file name) and ``mode`` to serve that file "truncated" (closed before its announced
    length), "cut" (half, no length announced), "tampered" (other bytes, valid gzip) or "missing" (404).
    """
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.requests, httpd.spoil, httpd.mode = [], None, None
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}/fashion"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def closed_port_url():
    """An address on 127.0.0.1 where nothing listens (what a firewall looks like to the loader)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}/"


def assert_stand_ins(X, y, X_test, y_test):
    for got, name in [(X, NAMES[0]), (X_test, NAMES[2])]:
        assert got.dtype == torch.float32 and got.shape == (len(ARRAYS[name]), 784)
        assert torch.equal(got, torch.tensor(ARRAYS[name].reshape(-1, 784), dtype=torch.float32) / 255)
    for got, name in [(y, NAMES[1]), (y_test, NAMES[3])]:
        assert got.dtype == torch.int64 and got.tolist() == ARRAYS[name].tolist()


# ---------------------------------------------------------------- where it looks


def test_the_named_folder_comes_first_then_debian_then_the_cache(where, server, monkeypatch):
    user, other = put(where["user"]), put(where["user"].parent / "other")
    put(where["debian"]), put(where["cache"])
    monkeypatch.setenv("DROPOUT_DATA", str(other))
    assert data.find_fashion_mnist(user, url=server.url) == user  # the argument beats DROPOUT_DATA
    assert data.find_fashion_mnist(url=server.url) == other
    monkeypatch.delenv("DROPOUT_DATA")
    assert data.find_fashion_mnist(url=server.url) == where["debian"]
    for name in NAMES[1:]:
        (where["debian"] / name).unlink()  # a folder with only some of the files is passed over
    assert data.find_fashion_mnist(url=server.url) == where["cache"]
    assert server.requests == []  # found: nothing downloaded


def test_it_returns_rows_of_pixels_in_0_1_and_int64_labels(where, server):
    assert_stand_ins(*data.fashion_mnist(put(where["user"]), url=server.url))


def test_the_cache_path_of_each_platform(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    expected = {"linux": tmp_path / "xdg", "darwin": tmp_path / "Library" / "Caches", "win32": tmp_path / "local"}
    for platform, base in expected.items():
        monkeypatch.setattr(sys, "platform", platform)
        assert data.cache_dir() == base / "dropout_lib"
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert data.cache_dir() == tmp_path / ".cache" / "dropout_lib"


# ---------------------------------------------------------------- what it downloads


def test_a_download_fills_the_cache_once(where, server):
    assert_stand_ins(*data.fashion_mnist(url=server.url))
    assert server.requests == NAMES
    assert all((where["cache"] / name).read_bytes() == FILES[name] for name in NAMES)
    assert_stand_ins(*data.fashion_mnist(url=server.url))
    assert server.requests == NAMES  # the second call reads the cache


def test_the_download_address_can_come_from_the_environment(where, server, monkeypatch):
    monkeypatch.setenv("DROPOUT_DATA_URL", server.url)
    assert data.find_fashion_mnist() == where["cache"] and server.requests == NAMES


def test_only_the_missing_files_are_downloaded_and_leftovers_are_not_trusted(where, server):
    put(where["cache"], NAMES[:2])
    (where["cache"] / f".{NAMES[2]}.x1y2.part").write_bytes(FILES[NAMES[2]][:100])  # left by a killed download
    assert_stand_ins(*data.fashion_mnist(url=server.url))
    assert server.requests == NAMES[2:]


@pytest.mark.parametrize("mode,reason", [
    ("truncated", "IncompleteRead"), ("cut", "is not a complete gzip file"),
    ("tampered", "is not Fashion-MNIST's: the SHA-256 of its decompressed bytes is"), ("missing", "404"),
])
def test_a_bad_download_is_refused_and_nothing_unverified_is_kept(where, server, mode, reason):
    spoiled = NAMES[2]
    server.spoil, server.mode = spoiled, mode
    with pytest.raises(FileNotFoundError) as info:
        data.fashion_mnist(url=server.url)
    message = str(info.value)
    assert f"{server.url}/{spoiled}" in message and reason in message and "No unverified file was kept" in message
    assert sorted(path.name for path in where["cache"].iterdir()) == sorted(NAMES[:2])  # verified ones only, no .part
    server.mode = None  # the site is repaired: the next call completes the cache
    assert_stand_ins(*data.fashion_mnist(url=server.url))


def test_an_interrupted_write_leaves_no_file(where, server, monkeypatch):
    def interrupted(source, target):
        raise KeyboardInterrupt

    monkeypatch.setattr(data.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        data.fashion_mnist(url=server.url)
    assert list(where["cache"].iterdir()) == []


def test_without_the_files_or_a_network_the_message_gives_two_ways_out(where):
    with pytest.raises(FileNotFoundError) as info:
        data.fashion_mnist(url=closed_port_url())
    message = str(info.value)
    assert "apt-get install dataset-fashion-mnist" in message  # way out 1: Debian's package
    assert f"into {where['cache']}" in message and all(name in message for name in NAMES)  # 2: copy the files
    assert "DROPOUT_DATA" in message and str(where["debian"]) in message
    assert not where["cache"].exists() or list(where["cache"].iterdir()) == []


# ---------------------------------------------------------------- what it refuses on disk

DAMAGE = {"truncated": lambda blob: blob[: len(blob) // 2], "tampered": flip_last_byte}
FIX = {"debian": "sudo apt-get install --reinstall dataset-fashion-mnist", "cache": "Delete it: the next call downloads",
       "user": "Replace it with the original file"}


@pytest.mark.parametrize("damage", DAMAGE)
@pytest.mark.parametrize("location", FIX)
def test_a_damaged_file_is_refused_with_its_name_and_the_fix(where, server, location, damage):
    folder = put(where[location])
    path = folder / NAMES[1]
    path.write_bytes(DAMAGE[damage](FILES[NAMES[1]]))
    directory = folder if location == "user" else None
    with pytest.raises(ValueError) as info:
        data.fashion_mnist(directory, url=server.url)
    message = str(info.value)
    assert message.startswith(f"{path}: ") and FIX[location] in message
    assert ("not a complete gzip file" if damage == "truncated" else "is not Fashion-MNIST's") in message
    assert server.requests == []


@pytest.mark.parametrize("call,error,text", [
    (lambda folder: data.fashion_mnist(folder / "nowhere"), ValueError, "got directory='"),
    (lambda folder: data.fashion_mnist(5), TypeError, "got directory=5 of type int"),
    (lambda folder: data.fashion_mnist(folder, url=5), TypeError, "got url=5 of type int"),
], ids=["no-such-folder", "not-a-path", "url-not-a-str"])
def test_bad_arguments_are_named(where, call, error, text):
    with pytest.raises(error, match=text):
        call(where["user"])


def test_a_wrong_dropout_data_is_named(where, monkeypatch):
    monkeypatch.setenv("DROPOUT_DATA", str(where["user"] / "nowhere"))
    with pytest.raises(ValueError, match="DROPOUT_DATA must be a folder .* got DROPOUT_DATA='.*nowhere'"):
        data.find_fashion_mnist()


# ---------------------------------------------------------------- the real files


def test_the_real_files_of_debians_package():
    folder = data.DEBIAN_DIR
    if not all((folder / name).is_file() for name in NAMES):
        message = (f"Debian's Fashion-MNIST is not in {folder}: the real data set was not checked. "
                   "Install it with `apt-get install dataset-fashion-mnist`.")
        if REQUIRED:
            pytest.fail(message + " DROPOUT_REQUIRE_DATA=1 makes this a failure.")
        pytest.skip(message)
    for name, digest in data.FASHION_MNIST_SHA256.items():  # the pins are these files' decompressed bytes
        assert hashlib.sha256(gzip.decompress((folder / name).read_bytes())).hexdigest() == digest, name
    X, y, X_test, y_test = data.fashion_mnist(folder, url=closed_port_url())  # never downloads
    assert X.shape == (60_000, 784) and X_test.shape == (10_000, 784)
    assert X.dtype == X_test.dtype == torch.float32 and y.dtype == y_test.dtype == torch.int64
    for images in (X, X_test):
        assert images.min() == 0 and images.max() == 1
        assert torch.equal((images * 255).round() / 255, images)  # ToTensor's x / 255 of a uint8
    assert torch.bincount(y, minlength=10).tolist() == [6_000] * 10
    assert torch.bincount(y_test, minlength=10).tolist() == [1_000] * 10
    assert len(data.FASHION_MNIST_CLASSES) == 10
