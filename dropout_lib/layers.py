"""``Dropout``: the from-scratch dropout as a torch module (train/eval aware)."""
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

    In train() mode each weight is zeroed with probability p and the survivors
    scaled by 1/(1-p), a fresh mask per forward call (shared by the batch);
    in eval() mode it is a plain Linear layer. Input (batch, in_features).
    """

    def __init__(self, in_features, out_features, p=0.5, bias=True):
        super().__init__(in_features, out_features, bias=bias)
        self.p = check_probability(p, "p")

    def forward(self, x):
        weight = dropout(self.weight, self.p, training=self.training)
        return F.linear(x, weight, self.bias)

    def extra_repr(self):
        return f"{super().extra_repr()}, p={self.p}"
