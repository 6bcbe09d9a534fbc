"""``mlp``: a multilayer perceptron with dropout after each hidden activation."""
import math
import numbers

import torch
from torch import nn

from .functional import check_probability
from .layers import Dropout


def _check_width(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be a positive integer; got {name}={value!r}")
    return int(value)


def mlp(n_in, hidden, n_out, p=0.5, p_input=0.0):
    """Build ``Linear -> ReLU -> Dropout`` blocks and a final ``Linear``.

    n_in, n_out: input and output widths; hidden: list of hidden widths.
    p: drop probability after each hidden activation, one number for all
    hidden layers or one per hidden layer (e.g. D2L's ``p=[0.2, 0.5]``).
    p_input: drop probability on the inputs (a Dropout layer is added first
    only when p_input > 0). No dropout right before the output.
    Input (batch, n_in) -> output (batch, n_out) logits.
    """
    n_in = _check_width(n_in, "n_in")
    n_out = _check_width(n_out, "n_out")
    if isinstance(hidden, numbers.Integral):
        hidden = [hidden]
    hidden = [_check_width(h, f"hidden[{i}]") for i, h in enumerate(hidden)]
    if isinstance(p, (list, tuple)):
        if len(p) != len(hidden):
            raise ValueError(
                f"p has {len(p)} probabilities but there are {len(hidden)} hidden layers; "
                "give one per hidden layer or a single number"
            )
        ps = [check_probability(q, f"p[{i}]") for i, q in enumerate(p)]
    else:
        ps = [check_probability(p, "p")] * len(hidden)
    p_input = check_probability(p_input, "p_input")

    layers = [Dropout(p_input)] if p_input > 0 else []
    width = n_in
    for h, q in zip(hidden, ps):
        layers += [nn.Linear(width, h), nn.ReLU(), Dropout(q)]
        width = h
    layers.append(nn.Linear(width, n_out))
    return nn.Sequential(*layers)


class BatchedMLP(nn.Module):
    """``n_models`` independent MLPs of one shape, run (and trained) as one network.

    Each model m has its own weights and its own drop probability p[m] (one
    number, or one per hidden layer such as D2L's [0.2, 0.5]), so a whole
    sweep over p (and seeds) trains as one network of batched matrix products
    instead of a Python loop over models. Same structure as ``mlp``:
    Linear -> ReLU -> dropout for each hidden layer, then Linear.
    Input (batch, n_in), shared by all models, or (n_models, batch, n_in);
    output (n_models, batch, n_out).
    """

    def __init__(self, n_models, n_in, hidden, n_out, p):
        super().__init__()
        n_models = _check_width(n_models, "n_models")
        widths = [_check_width(n_in, "n_in")] + [_check_width(h, "hidden") for h in hidden] + [_check_width(n_out, "n_out")]
        if len(p) != n_models:
            raise ValueError(f"p has {len(p)} probabilities for {n_models} models; give one per model")
        rows = []
        for i, q in enumerate(p):
            per_layer = list(q) if isinstance(q, (list, tuple)) else [q] * len(hidden)
            if len(per_layer) != len(hidden):
                raise ValueError(f"p[{i}] has {len(per_layer)} probabilities for {len(hidden)} hidden layers")
            rows.append([check_probability(v, f"p[{i}]") for v in per_layer])
        self.register_buffer("p", torch.tensor(rows))  # (n_models, hidden layers)
        self.weights, self.biases = nn.ParameterList(), nn.ParameterList()
        for fan_in, fan_out in zip(widths[:-1], widths[1:]):  # nn.Linear's default init
            bound = 1 / math.sqrt(fan_in)
            self.weights.append(nn.Parameter(torch.empty(n_models, fan_in, fan_out).uniform_(-bound, bound)))
            self.biases.append(nn.Parameter(torch.empty(n_models, 1, fan_out).uniform_(-bound, bound)))

    def dropout(self, h, layer=0):
        """Inverted dropout of hidden layer ``layer``: probability p[m, layer] for model m (h's first axis)."""
        p = self.p[:, layer].view(-1, 1, 1)
        keep = torch.rand(h.shape, device=h.device) >= p
        scale = torch.where(p < 1, 1 / (1 - p).clamp(min=1e-12), torch.zeros_like(p))
        return h * keep * scale

    def forward(self, x):
        if x.dim() == 2:
            x = x.expand(len(self.p), *x.shape)
        last = len(self.weights) - 1
        for i, (W, b) in enumerate(zip(self.weights, self.biases)):
            x = torch.baddbmm(b, x, W)
            if i < last:
                x = torch.relu(x)
                if self.training:
                    x = self.dropout(x, i)
        return x

    def extra_repr(self):
        return f"n_models={len(self.p)}, p={self.p.tolist()}"
