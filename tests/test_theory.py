"""Closed forms of theory.py against Monte-Carlo averages and their defining properties;
the bounds of stats.py."""
import numpy as np
import pytest

import dropout_lib as dl
from dropout_lib import stats, theory
from dropout_lib.stats import Z, mean_and_se


def regression(seed=0, N=50, D=4):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((N, D)) * np.array([0.5, 1.0, 2.0, 4.0])[:D]
    w = rng.standard_normal(D)
    return X, X @ w + 0.3 * rng.standard_normal(N), w


@pytest.mark.parametrize("s", [0.1, 0.5])
def test_bishop_expected_loss_matches_monte_carlo(s):
    X, y, w = regression()
    rng = np.random.default_rng(1)
    mean, se = mean_and_se([theory.squared_error(X + s * rng.standard_normal(X.shape), y, w) for _ in range(20_000)])
    assert abs(mean - theory.input_noise_expected_loss(X, y, w, s)) < Z * se


@pytest.mark.parametrize("p", [0.2, 0.6])
def test_wager_expected_loss_matches_monte_carlo(p):
    X, y, w = regression()
    rng = np.random.default_rng(2)
    mean, se = mean_and_se([theory.squared_error(dl.dropout(X, p, generator=rng), y, w) for _ in range(20_000)])
    assert abs(mean - theory.dropout_expected_loss(X, y, w, p)) < Z * se


def test_minimizers_have_zero_gradient():
    X, y, _ = regression()
    lam, p = 3.0, 0.4
    w = theory.ridge_solution(X, y, lam)
    np.testing.assert_allclose(-2 * X.T @ (y - X @ w) + 2 * lam * w, 0, atol=1e-9)
    w = theory.dropout_ridge_solution(X, y, p)
    np.testing.assert_allclose(-2 * X.T @ (y - X @ w) + 2 * theory.dropout_penalty_weights(X, p) * w, 0, atol=1e-9)


def test_zero_noise_gives_least_squares():
    X, y, _ = regression()
    least_squares = np.linalg.lstsq(X, y, rcond=None)[0]
    np.testing.assert_allclose(theory.ridge_solution(X, y, 0.0), least_squares, rtol=1e-9)
    np.testing.assert_allclose(theory.dropout_ridge_solution(X, y, 0.0), least_squares, rtol=1e-9)


def test_dropout_solution_is_scale_invariant_and_ridge_is_not():
    X, y, _ = regression()
    scaled = X * np.array([10.0, 1.0, 1.0, 1.0])
    w, w_scaled = theory.dropout_ridge_solution(X, y, 0.3), theory.dropout_ridge_solution(scaled, y, 0.3)
    np.testing.assert_allclose(w_scaled * [10, 1, 1, 1], w, rtol=1e-9)
    r, r_scaled = theory.ridge_solution(X, y, 5.0), theory.ridge_solution(scaled, y, 5.0)
    assert not np.allclose(r_scaled * [10, 1, 1, 1], r, rtol=1e-3)


def test_dropout_variance_tolerance_is_zero_without_noise():
    assert theory.dropout_variance(2.0, 0.0) == 0.0
    assert stats.dropout_variance_tolerance(2.0, 0.0, 100, Z) == 0.0


def test_mean_and_se_and_the_paired_difference():
    samples = np.array([1.0, 2.0, 3.0, 6.0])
    mean, se = mean_and_se(samples)
    assert mean == 3.0 and se == pytest.approx(np.std(samples, ddof=1) / 2)
    a, b = np.array([[1.0, 5.0], [2.0, 7.0], [4.0, 6.0]]), np.array([[0.0, 5.0], [1.0, 6.0], [2.0, 7.0]])
    mean, se = stats.paired_difference(a, b)  # paired along seeds (axis 0), one column per setting
    np.testing.assert_allclose(mean, [4 / 3, 0.0])
    np.testing.assert_allclose(se, np.std(a - b, axis=0, ddof=1) / np.sqrt(3))


def test_clearly_positive_uses_z_clear_standard_errors():
    assert stats.Z_CLEAR == 2 and stats.Z == 5
    assert stats.clearly_positive(2.1, 1.0) and not stats.clearly_positive(1.9, 1.0)
    assert not stats.clearly_positive(-3.0, 1.0)


def test_binomial_fraction_moments_match_simulation():
    n, keep = 20, 0.3
    fractions = np.random.default_rng(0).binomial(n, keep, 400_000) / n
    var, fourth = stats.binomial_fraction_moments(n, keep)
    assert var == pytest.approx(stats.binomial_fraction_standard_error(keep, n) ** 2)
    assert abs(fractions.var() - var) < Z * stats.variance_standard_error(var, fourth, len(fractions))
    assert abs(np.mean((fractions - keep) ** 4) - fourth) < 0.03 * fourth


def test_t_quantile_has_the_tail_of_z_for_a_normal():
    assert stats.t_quantile(31) == pytest.approx(6.27, abs=0.005)  # the T_CHAINS of lessons 01 and 02a
    assert stats.t_quantile(9) == pytest.approx(12.42, abs=0.01)
    assert stats.t_quantile(10_000) == pytest.approx(Z, abs=0.01)  # many degrees of freedom: the normal's Z
    assert stats.t_quantile(4) > stats.t_quantile(9) > stats.t_quantile(31) > Z
