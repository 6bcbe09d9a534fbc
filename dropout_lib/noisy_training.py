"""Training a linear model on noisy inputs, the experiment of lesson 01 and deep dive 02a.

Gradient descent on the squared error with a fresh noisy copy of the inputs at every step
(Gaussian noise: Bishop; dropout masks: Wager et al.) has no penalty anywhere in its code, yet
lands, on average, on the minimizer of a penalized loss: the expected noisy loss
||y - X w||^2 + w^T diag(penalty) w (``theory``). ``descend`` runs independent chains of it.
"""
from typing import NamedTuple

import numpy as np


class Chains(NamedTuple):
    """What ``descend`` returns: each chain's time-averaged weights, (chains, D), and a bound on what
    can remain of the start w = 0 in them (``check.settles_at`` allows for it)."""

    averages: np.ndarray
    leftover: float


def descend(X, y, noisy_inputs, *, expected_penalty, lr=0.5, steps=4000, burn_in=1000, chains=32):
    """Gradient descent on (1/N) ||y - X~ w||^2 from w = 0, with X~ = noisy_inputs(chains) fresh every step.

    X: (N, D) clean inputs; noisy_inputs(c) -> (c, N, D), one noisy copy per chain; expected_penalty: (D,),
    the per-weight penalty of the expected loss (used only for the bound below).
    Returns ``Chains``: each chain's weights averaged over the steps after ``burn_in``, (chains, D),
    and a bound on what can remain of the start in them. The mean of the iterates
    follows gradient descent on the expected loss, Hessian H = 2/N (X^T X + diag(penalty)), which
    shrinks the distance to the minimizer w* by rho = max |1 - lr eig(H)| per step, so the time
    average keeps at most rho^burn_in ||w*|| / ((1 - rho) (steps - burn_in)) of the start.
    """
    n, d = X.shape
    w, total = np.zeros((chains, d)), np.zeros((chains, d))
    for step in range(steps):
        X_noisy = noisy_inputs(chains)
        residual = np.einsum("cnd,cd->cn", X_noisy, w) - y
        w = w - lr * 2 / n * np.einsum("cnd,cn->cd", X_noisy, residual)
        if step >= burn_in:
            total += w
    hessian = 2 / n * (X.T @ X + np.diag(expected_penalty))
    rho = np.max(np.abs(1 - lr * np.linalg.eigvalsh(hessian)))
    if rho >= 1:
        raise ValueError(f"lr={lr} is too large for these inputs: descent on the expected loss does not converge "
                         f"(contraction factor {rho:.3f} >= 1); use lr < {2 / np.max(np.linalg.eigvalsh(hessian)):.3g}")
    target = np.linalg.solve(X.T @ X + np.diag(expected_penalty), X.T @ y)
    leftover = rho**burn_in * np.linalg.norm(target) / ((1 - rho) * (steps - burn_in))
    return Chains(total / (steps - burn_in), leftover)
