"""Numerical gradients, to check a hand-written backward pass (CS231n style)."""
import numpy as np


def numerical_gradient(f, x, dout, h=1e-5):
    """Centred-difference gradient of sum(f(x) * dout) with respect to x (numpy, float64).

    f must be deterministic (for dropout: the same seeded mask on every call).
    """
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[index] = h
        grad[index] = np.sum((f(x + step) - f(x - step)) * dout) / (2 * h)
    return grad


def relative_error(a, b):
    """Largest elementwise |a - b| / max(1e-8, |a| + |b|)."""
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))
