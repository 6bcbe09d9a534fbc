"""Inverted dropout, written from scratch, for numpy arrays and torch tensors.

Convention used everywhere in this course: ``p`` is the probability of DROPPING
(zeroing) a unit, as in PyTorch and Keras. Each element x becomes

    x' = 0          with probability p
    x' = x / (1-p)  with probability 1-p

so that E[x'] = x ("inverted" dropout: the rescaling happens during training,
and inference needs no correction).
"""
import math
import numbers

import numpy as np
import torch


def check_probability(value, name="p"):
    """Return ``value`` as a float if it is a real number in [0, 1], else raise.

    Raises TypeError for bools, strings, None, tensors, ... and ValueError for
    NaN or numbers outside [0, 1]. The message names the argument and the value.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number in [0, 1] (the drop probability); "
                        f"got {value!r} of type {type(value).__name__}")
    value = float(value)
    if math.isnan(value) or not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be in [0, 1] (the drop probability); got {name}={value!r}")
    return value


def _check_float_input(x, name="x"):
    """Raise TypeError unless ``x`` is a floating-point numpy array or torch tensor."""
    if isinstance(x, torch.Tensor) and not x.is_floating_point():
        raise TypeError(f"{name} must be a floating-point tensor (dropout rescales by 1/(1-p)); "
                        f"got dtype {x.dtype}. Convert first, e.g. {name}.float()")
    if isinstance(x, np.ndarray) and x.dtype.kind != "f":
        raise TypeError(f"{name} must be a floating-point array (dropout rescales by 1/(1-p)); "
                        f"got dtype {x.dtype}. Convert first, e.g. {name}.astype(np.float32)")
    if not isinstance(x, (torch.Tensor, np.ndarray)):
        raise TypeError(f"{name} must be a numpy array or a torch tensor; got {type(x).__name__}")


def keep_mask(x, p, generator=None):
    """The inverted-dropout mask for a tensor x: 0 where a unit is dropped, 1/(1-p) where kept.

    A unit is kept when its uniform draw u in [0, 1) is >= p: probability 1-p, so p = 0
    keeps all and p = 1 keeps none (and never divides by zero). p: a number, or a tensor that
    broadcasts against x (e.g. one per model, shape (n_models, 1, 1)). Draws and mask are
    float32 (float64 for float64 x), also for half-precision x, and the mask is on x's device.
    """
    if isinstance(p, torch.Tensor):
        if not ((p >= 0) & (p <= 1)).all():  # NaN fails both comparisons
            raise ValueError(f"p must hold probabilities in [0, 1] (drop probabilities); got p={p}")
    else:
        p = check_probability(p, "p")
    dtype = torch.float64 if x.dtype == torch.float64 else torch.float32
    device = generator.device if generator is not None else x.device
    u = torch.rand(x.shape, generator=generator, dtype=dtype, device=device)
    p = torch.as_tensor(p, dtype=torch.float64, device=device)
    scale = torch.where(p < 1, 1 / (1 - p), 0.0).to(dtype)
    return ((u >= p.to(dtype)) * scale).to(x.device)


def numpy_keep_mask(x, p, generator=None):
    """keep_mask for a numpy array x (float64 mask); generator: a numpy.random.Generator."""
    u = generator.random(x.shape) if generator is not None else np.random.random(x.shape)
    return (u >= p) * (0.0 if p == 1.0 else 1.0 / (1.0 - p))


def _mask(x, p, generator):
    """keep_mask or numpy_keep_mask, after checking that the generator fits x."""
    if isinstance(x, torch.Tensor):
        if generator is not None and not isinstance(generator, torch.Generator):
            raise TypeError(f"generator must be a torch.Generator for a tensor; got {type(generator).__name__}")
        return keep_mask(x, p, generator)
    if generator is not None and not isinstance(generator, np.random.Generator):
        raise TypeError("generator must be a numpy.random.Generator (e.g. np.random.default_rng(0)) "
                        f"for a numpy array; got {type(generator).__name__}")
    return numpy_keep_mask(x, p, generator)


def dropout(x, p, *, training=True, generator=None):
    """Inverted dropout of ``x`` (numpy array or torch tensor, any shape).

    Each element is zeroed independently with probability ``p`` and the
    survivors are scaled by 1/(1-p). A fresh mask is drawn on every call.
    Returns the same type, shape, dtype (and device) as ``x``; with
    ``training=False`` or ``p=0`` it returns ``x`` itself, unchanged.

    generator: a ``numpy.random.Generator`` for arrays, a ``torch.Generator``
    for tensors; None uses numpy's / torch's global random state (seeded by
    ``dropout_lib.seed_everything``). Gradients flow through the torch version.
    """
    p = check_probability(p, "p")
    _check_float_input(x)
    if not isinstance(training, (bool, np.bool_)):
        raise TypeError(f"training must be True or False; got {training!r}")
    if not training or p == 0.0:
        return x
    return _times(x, _mask(x, p, generator))


def _times(x, mask):
    """x * mask, returned in x's dtype (the mask may be of a wider float type)."""
    out = x * mask
    return out.to(x.dtype) if isinstance(x, torch.Tensor) else out.astype(x.dtype, copy=False)


def gaussian_dropout(x, p, *, training=True, generator=None):
    """Gaussian dropout: multiply each element by independent N(1, p/(1-p)) noise.

    Same mean (x) and variance (x^2 p/(1-p)) as inverted dropout with drop
    probability p, but the noise is continuous. torch tensors only; p < 1.
    """
    p = check_probability(p, "p")
    if p == 1.0:
        raise ValueError("p must be below 1 for Gaussian dropout (the noise variance p/(1-p) is infinite); got p=1.0")
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"x must be a torch tensor for gaussian_dropout; got {type(x).__name__}")
    _check_float_input(x)
    if not training or p == 0.0:
        return x
    noise = torch.randn(x.shape, generator=generator, dtype=x.dtype,
                        device=generator.device if generator is not None else x.device)
    return x * (1.0 + math.sqrt(p / (1.0 - p)) * noise.to(x.device))


def dropout_forward(x, p, *, generator=None):
    """Training-mode dropout for numpy, CS231n style: returns ``(out, cache)``.

    x: float numpy array of any shape. ``cache`` holds the scaled mask
    (0 or 1/(1-p) per element), which the backward pass needs.
    """
    p = check_probability(p, "p")
    if isinstance(x, torch.Tensor):
        raise TypeError("dropout_forward is the numpy version; for tensors use dropout() and autograd")
    _check_float_input(x)
    mask = _mask(x, p, generator)
    return _times(x, mask), mask


def dropout_backward(dout, cache):
    """Gradient of the loss with respect to x, given dL/dout and the forward cache.

    out = x * mask, so dL/dx = dL/dout * mask (the same mask as in forward).
    """
    _check_float_input(dout, "dout")
    if dout.shape != cache.shape:
        raise ValueError(f"dout has shape {dout.shape} but the forward input had shape {cache.shape}")
    return _times(dout, cache)
