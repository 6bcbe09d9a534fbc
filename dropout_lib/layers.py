"""``Dropout``: the from-scratch dropout as a torch module (train/eval aware); ``DropConnectLinear``."""
import torch
from torch import nn
from torch.nn import functional as F

from .functional import check_probability, dropout


class Dropout(nn.Module):
    """Inverted dropout with drop probability ``p``.

    In ``train()`` mode each element is zeroed with probability p and the
    survivors are scaled by 1/(1-p); in ``eval()`` mode it is the identity.
    Same behaviour as ``torch.nn.Dropout(p)``, written with ``dropout_lib.dropout``.
    """

    def __init__(self, p=0.5):
        super().__init__()
        self.p = check_probability(p, "p")

    def forward(self, x):
        return dropout(x, self.p, training=self.training)

    def extra_repr(self):
        return f"p={self.p}"


class DropConnectLinear(nn.Linear):
    """A Linear layer that drops individual WEIGHTS instead of activations (Wan et al. 2013).

    Training (``train()`` mode): each weight is zeroed with probability p and the
    survivors are scaled by 1/(1-p) (inverted, like ``Dropout``; Wan et al. leave the
    kept weights unscaled and scale at inference instead, which is the same model).
    ``per_example=True`` (Wan et al.): every example of the batch gets its own mask,
    a weight tensor of shape (batch, out, in). ``per_example=False``: one mask per
    forward call, shared by the whole batch (cheaper; a simplification). The bias is
    never dropped: a simplification of Wan et al., who fold the bias into W (the weight
    of a fixed input 1) and so mask it too; hence the variance below has no b^2 term.

    ``activation`` (e.g. ``torch.relu``; None for none) is applied to the layer's
    output, because Wan et al.'s inference rule needs it:

    - ``inference="mean"``: the mean network, activation(W x + b) (a simplification);
    - ``inference="gaussian"`` (Wan et al.): each unit's pre-activation
      u = sum_j M_ij W_ij x_j / (1-p) + b_i is approximated by a Gaussian with its mean
      W x + b and variance p/(1-p) sum_j W_ij^2 x_j^2 (moment matching); ``samples``
      draws of u go through the activation and are averaged.

    Input (batch, in_features) -> output (batch, out_features).
    """

    def __init__(self, in_features, out_features, p=0.5, bias=True, *, activation=None,
                 per_example=True, inference="mean", samples=100):
        super().__init__(in_features, out_features, bias=bias)
        self.p = check_probability(p, "p")
        if inference not in ("mean", "gaussian"):
            raise ValueError(f"inference must be 'mean' or 'gaussian'; got inference={inference!r}")
        if isinstance(samples, bool) or not isinstance(samples, int) or samples < 1:
            raise ValueError(f"samples must be a positive integer; got samples={samples!r}")
        self.activation = activation if activation is not None else nn.Identity()
        self.per_example, self.inference, self.samples = per_example, inference, samples

    def forward(self, x):
        if self.training and self.per_example:  # weights (batch, out, in): one mask per example
            weights = dropout(self.weight.expand(len(x), *self.weight.shape), self.p)
            u = torch.einsum("boi,bi->bo", weights, x)
            return self.activation(u + self.bias if self.bias is not None else u)
        if self.training:  # one mask for the whole batch
            return self.activation(F.linear(x, dropout(self.weight, self.p), self.bias))
        mean = F.linear(x, self.weight, self.bias)
        if self.inference == "mean" or self.p in (0.0, 1.0):  # p = 1 drops every weight: bias only
            return self.activation(mean if self.p < 1 else F.linear(x, self.weight * 0, self.bias))
        std = (self.p / (1 - self.p) * F.linear(x**2, self.weight**2)).sqrt()
        u = mean + std * torch.randn(self.samples, *mean.shape, dtype=mean.dtype, device=mean.device)
        return self.activation(u).mean(dim=0)

    def extra_repr(self):
        return (f"{super().extra_repr()}, p={self.p}, per_example={self.per_example}, "
                f"inference={self.inference!r}")
