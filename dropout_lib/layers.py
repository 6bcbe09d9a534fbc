"""``Dropout``: the from-scratch dropout as a torch module (train/eval aware)."""
from torch import nn

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
