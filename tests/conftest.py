"""Shared by every test: the lessons to parametrize over, and the markers.

A test with an argument named ``notebook`` runs once per lesson (tools.notebook_runner.NOTEBOOKS,
ids = file stems). Markers: ``slow`` (runs notebooks or servers: nbval, other seeds, slides,
make lab) and ``browser`` (tests/browser); `make test-fast` deselects both.
"""
import pytest
import torch

from tools.notebook_runner import NOTEBOOKS

# The library tests use small tensors: one thread is faster than several competing for cores.
# (Notebooks run in their own kernels and are unaffected.)
torch.set_num_threads(1)


def pytest_generate_tests(metafunc):
    if "notebook" in metafunc.fixturenames:
        metafunc.parametrize("notebook", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.suffix == ".ipynb":  # nbval: runs the lesson and compares every output
            item.add_marker(pytest.mark.slow)
        elif "browser" in item.path.parts:
            item.add_marker(pytest.mark.browser)
