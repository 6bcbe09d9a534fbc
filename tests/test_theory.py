"""Closed forms of theory.py against Monte-Carlo averages and their defining properties."""
import numpy as np
import pytest

import dropout_lib as dl
from dropout_lib import theory
from dropout_lib import stats
from dropout_lib.stats import Z


def regression(seed=0, N=50, D=4):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((N, D)) * np.array([0.5, 1.0, 2.0, 4.0])[:D]
    w = rng.standard_normal(D)
    return X, X @ w + 0.3 * rng.standard_normal(N), w


def monte_carlo(losses):
    losses = np.asarray(losses)
    return losses.mean(), losses.std(ddof=1) / np.sqrt(len(losses))


@pytest.mark.parametrize("s", [0.1, 0.5])
def test_bishop_expected_loss_matches_monte_carlo(s):
    X, y, w = regression()
    rng = np.random.default_rng(1)
    mean, se = monte_carlo([theory.squared_error(X + s * rng.standard_normal(X.shape), y, w) for _ in range(20_000)])
    assert abs(mean - theory.input_noise_expected_loss(X, y, w, s)) < Z * se


@pytest.mark.parametrize("p", [0.2, 0.6])
def test_wager_expected_loss_matches_monte_carlo(p):
    X, y, w = regression()
    rng = np.random.default_rng(2)
    mean, se = monte_carlo([theory.squared_error(dl.dropout(X, p, generator=rng), y, w) for _ in range(20_000)])
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
    assert stats.dropout_variance_tolerance(2.0, 0.0, 100, 5) == 0.0
