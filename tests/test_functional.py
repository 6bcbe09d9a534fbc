"""The from-scratch dropout against the anchors' checks (CS231n, D2L)."""
import numpy as np
import pytest
import torch

import dropout_lib as dl
from dropout_lib import stats, theory
from dropout_lib.gradcheck import numerical_gradient, relative_error
from dropout_lib.stats import Z

PS = [0.25, 0.4, 0.7]


def anchor_input(kind, seed=0):
    """CS231n's check input: randn(500, 500) + 10."""
    x = np.random.default_rng(seed).standard_normal((500, 500)) + 10
    return torch.from_numpy(x) if kind == "torch" else x


def seeded(kind, seed):
    return torch.Generator().manual_seed(seed) if kind == "torch" else np.random.default_rng(seed)


@pytest.mark.parametrize("kind", ["numpy", "torch"])
@pytest.mark.parametrize("p", PS)
def test_train_mode_keeps_the_mean_and_drops_a_fraction_p(kind, p):
    x = anchor_input(kind)
    out = dl.dropout(x, p, generator=seeded(kind, 1))
    x, out = np.asarray(x), np.asarray(out)
    n = x.size
    zero_fraction = np.mean(out == 0)
    assert abs(zero_fraction - p) < Z * stats.binomial_fraction_standard_error(p, n)
    # mean(out) - mean(x) = mean of independent terms x_i (m_i - 1); its variance
    # is mean(x^2) p/(1-p) / n.
    se = stats.mean_standard_error(theory.dropout_variance(1.0, p) * np.mean(x**2), n)
    assert abs(out.mean() - x.mean()) < Z * se
    kept = out != 0
    np.testing.assert_allclose(out[kept], x[kept] / (1 - p), rtol=1e-12)


@pytest.mark.parametrize("kind", ["numpy", "torch"])
@pytest.mark.parametrize("p", PS)
def test_variance_is_x_squared_p_over_1_minus_p(kind, p):
    x_value, n = 3.0, 400_000
    x = np.full(n, x_value)
    x = torch.from_numpy(x) if kind == "torch" else x
    out = np.asarray(dl.dropout(x, p, generator=seeded(kind, 2)))
    tolerance = stats.dropout_variance_tolerance(x_value, p, n, Z)
    assert abs(out.var() - theory.dropout_variance(x_value, p)) < tolerance


@pytest.mark.parametrize("kind", ["numpy", "torch"])
def test_eval_mode_is_the_identity(kind):
    x = anchor_input(kind)
    assert dl.dropout(x, 0.5, training=False) is x


def test_d2l_cases_p_0_half_1_on_arange():
    x = torch.arange(16, dtype=torch.float32).reshape(2, 8)
    assert torch.equal(dl.dropout(x, 0.0), x)
    assert torch.equal(dl.dropout(x, 1.0), torch.zeros_like(x))
    half = dl.dropout(x, 0.5, generator=torch.Generator().manual_seed(0))
    kept = half != 0
    assert torch.equal(half[kept], 2 * x[kept])
    assert 0 < kept.sum() < 16


@pytest.mark.parametrize("kind", ["numpy", "torch"])
def test_p_equal_one_gives_zeros_never_nan(kind):
    x = anchor_input(kind)
    out = np.asarray(dl.dropout(x, 1.0))
    assert np.all(out == 0) and not np.isnan(out).any()


def test_numpy_backward_matches_a_numerical_gradient():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((10, 12))
    dout = rng.standard_normal((10, 12))
    p = 0.3

    def forward(x_):  # the same mask each time: a freshly seeded generator
        return dl.dropout_forward(x_, p, generator=np.random.default_rng(42))[0]

    _, cache = dl.dropout_forward(x, p, generator=np.random.default_rng(42))
    dx = dl.dropout_backward(dout, cache)
    assert relative_error(dx, numerical_gradient(forward, x, dout)) < 1e-8


def test_relative_error_sees_a_wrong_gradient():
    x = np.random.default_rng(0).standard_normal((4, 5))
    wrong = numerical_gradient(lambda x_: 2 * x_, x, np.ones_like(x))
    assert relative_error(wrong, np.ones_like(x)) > 0.3


def test_torch_autograd_gradient_is_the_scaled_mask():
    p = 0.4
    x = torch.randn(50, 40, dtype=torch.float64, requires_grad=True)
    out = dl.dropout(x, p, generator=torch.Generator().manual_seed(5))
    out.sum().backward()
    mask = dl.dropout(torch.ones(50, 40, dtype=torch.float64), p, generator=torch.Generator().manual_seed(5))
    assert torch.equal(x.grad, mask)
    assert set(mask.unique().tolist()) == {0.0, 1 / (1 - p)}


DEVICES = ["cpu", "meta"] + (["cuda"] if torch.cuda.is_available() else [])


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16, torch.float32, torch.float64])
def test_torch_dtype_and_device_are_preserved(dtype, device):
    x = torch.ones(64, 32, dtype=dtype, device=device)
    out = dl.dropout(x, 0.5)
    assert out.dtype == dtype and out.device == x.device and out.shape == x.shape
    if device != "meta":  # meta tensors carry no values
        assert set(out.unique().float().tolist()) <= {0.0, 2.0}


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_numpy_dtype_is_preserved(dtype):
    x = np.ones((64, 32), dtype=dtype)
    out = dl.dropout(x, 0.5)
    assert out.dtype == dtype and out.shape == x.shape
    assert set(np.unique(out).tolist()) <= {0.0, 2.0}


def test_half_precision_survives_a_large_rescale():
    x = torch.ones(1000, dtype=torch.float16)
    out = dl.dropout(x, 0.9999, generator=torch.Generator().manual_seed(0))
    assert torch.isfinite(out).all()


@pytest.mark.parametrize("kind", ["numpy", "torch"])
def test_two_calls_give_different_masks(kind):
    x = anchor_input(kind)
    a, b = np.asarray(dl.dropout(x, 0.5)) == 0, np.asarray(dl.dropout(x, 0.5)) == 0
    assert not np.array_equal(a, b)


@pytest.mark.parametrize("kind", ["numpy", "torch"])
def test_seeded_generators_give_the_same_mask(kind):
    x = anchor_input(kind)
    a = np.asarray(dl.dropout(x, 0.5, generator=seeded(kind, 9)))
    b = np.asarray(dl.dropout(x, 0.5, generator=seeded(kind, 9)))
    assert np.array_equal(a, b)


def test_seed_everything_makes_default_masks_reproducible(monkeypatch):
    x = np.ones(1000)
    t = torch.ones(1000)
    monkeypatch.setenv("DROPOUT_SEED", "11")
    assert dl.seed_everything() == 11
    a, ta = dl.dropout(x, 0.5), dl.dropout(t, 0.5)
    dl.seed_everything(11)
    assert np.array_equal(a, dl.dropout(x, 0.5)) and torch.equal(ta, dl.dropout(t, 0.5))


@pytest.mark.parametrize("p", PS + [0.5])
def test_layer_agrees_in_distribution_with_torch_nn_dropout(p):
    torch.manual_seed(0)
    x_value, n = 2.0, 500_000
    x = torch.full((n,), x_value)
    ours, theirs = dl.Dropout(p).train()(x), torch.nn.Dropout(p).train()(x)
    # The two zero fractions are independent binomial estimates of p.
    se_diff = np.sqrt(2) * stats.binomial_fraction_standard_error(p, n)
    assert abs((ours == 0).float().mean() - (theirs == 0).float().mean()) < Z * se_diff
    var = theory.dropout_variance(x_value, p)
    mean_se = stats.mean_standard_error(var, n)
    for out in (ours, theirs):
        assert abs(out.mean().item() - x_value) < Z * mean_se
        measured_var = out.double().var(correction=0).item()
        assert abs(measured_var - var) < stats.dropout_variance_tolerance(x_value, p, n, Z)
    assert set(ours.unique().tolist()) == set(theirs.unique().tolist())


@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_gaussian_dropout_has_the_mean_and_variance_of_bernoulli_dropout(p):
    x_value, n = 1.5, 400_000
    out = dl.gaussian_dropout(torch.full((n,), x_value, dtype=torch.float64), p,
                              generator=torch.Generator().manual_seed(3))
    var = theory.dropout_variance(x_value, p)
    assert abs(out.mean().item() - x_value) < Z * stats.mean_standard_error(var, n)
    # Gaussian: the fourth central moment is 3 var^2.
    assert abs(out.var().item() - var) < Z * stats.variance_standard_error(var, 3 * var**2, n)


def test_gaussian_dropout_edges():
    x = torch.ones(10)
    assert dl.gaussian_dropout(x, 0.5, training=False) is x
    with pytest.raises(ValueError, match="p must be below 1"):
        dl.gaussian_dropout(x, 1.0)


def test_derived_seeds_are_reproducible_distinct_and_valid():
    seeds = [dl.derived_seed(0, "moons", s) for s in range(8)] + [dl.derived_seed(0, "test"), dl.derived_seed(1, "moons", 0)]
    assert len(set(seeds)) == len(seeds) and all(0 <= s < 2**32 for s in seeds)
    assert dl.derived_seed(0, "moons", 3) == dl.derived_seed(0, "moons", 3) != dl.derived_seed(0, 3, "moons")
    for bad in [(-1,), ("a", 1.5), (True,)]:
        with pytest.raises(ValueError, match="derived_seed takes"):
            dl.derived_seed(0, *bad)
