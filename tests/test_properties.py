"""Property-based tests: shapes, dtypes and p drawn by hypothesis.

derandomize=True: the same examples every run, so CI is reproducible; edge cases
found on the way (subnormal float16 values) are kept as explicit tests below.
"""
import numpy as np
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import dropout_lib as dl

NUMPY_DTYPES = st.sampled_from([np.float16, np.float32, np.float64])
TORCH_DTYPES = st.sampled_from([torch.float16, torch.bfloat16, torch.float32, torch.float64])
PROBABILITIES = st.one_of(st.just(0.0), st.just(1.0), st.floats(0.0, 1.0))


def arrays(dtype):
    return hnp.arrays(dtype, hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=6),
                      elements=st.floats(-100, 100, width=16))


@settings(max_examples=200, deadline=None, derandomize=True)
@given(data=st.data(), dtype=NUMPY_DTYPES, p=PROBABILITIES, seed=st.integers(0, 2**32 - 1))
def test_numpy_output_is_zero_or_rescaled_input(data, dtype, p, seed):
    x = data.draw(arrays(dtype))
    out = dl.dropout(x, p, generator=np.random.default_rng(seed))
    assert out.shape == x.shape and out.dtype == x.dtype
    assert not np.isnan(out).any()
    if p == 0:
        assert np.array_equal(out, x)
    elif p == 1:
        assert np.all(out == 0)
    else:
        kept = out != 0  # survivors are x/(1-p), up to one rounding in x's dtype
        info = np.finfo(dtype)  # subnormal results round to a multiple of the smallest subnormal
        np.testing.assert_allclose(out[kept], x[kept].astype(np.float64) / (1 - p), rtol=2 * info.eps,
                                   atol=info.smallest_subnormal)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(data=st.data(), dtype=TORCH_DTYPES, p=PROBABILITIES, seed=st.integers(0, 2**63 - 1))
def test_torch_output_is_zero_or_rescaled_input(data, dtype, p, seed):
    x = torch.from_numpy(data.draw(arrays(np.float64))).to(dtype)
    out = dl.dropout(x, p, generator=torch.Generator().manual_seed(seed))
    assert out.shape == x.shape and out.dtype == x.dtype
    assert not torch.isnan(out).any()
    if p == 0:
        assert torch.equal(out, x)
    elif p == 1:
        assert torch.all(out == 0)
    else:
        kept = out != 0  # survivors are x/(1-p), up to rounding in x's dtype
        info = torch.finfo(dtype)  # smallest subnormal = tiny * eps
        torch.testing.assert_close(out[kept].double(), x[kept].double() / (1 - p), rtol=2 * info.eps,
                                   atol=info.tiny * info.eps)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(p=st.floats(0.0, 1.0), seed=st.integers(0, 2**32 - 1))
def test_numpy_forward_backward_use_the_same_mask(p, seed):
    x = np.random.default_rng(seed).standard_normal((3, 5))
    out, cache = dl.dropout_forward(x, p, generator=np.random.default_rng(seed))
    dx = dl.dropout_backward(np.ones_like(x), cache)
    np.testing.assert_array_equal(out, x * dx)


def test_subnormal_half_precision_values_are_rescaled_within_one_subnormal_step():
    x = np.full(1000, 1e-6, dtype=np.float16)  # below float16's smallest normal number
    out = dl.dropout(x, 0.625, generator=np.random.default_rng(0))
    kept = out != 0
    assert kept.any()
    np.testing.assert_allclose(out[kept], 1e-6 / 0.375, rtol=0, atol=np.finfo(np.float16).smallest_subnormal)
