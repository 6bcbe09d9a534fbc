"""``mlp``: a multilayer perceptron with dropout after each hidden activation;
``BatchedMLP``: many such MLPs of one shape, run and trained as one network."""
import math
import numbers

import torch
from torch import nn

from .functional import check_probability, keep_mask
from .layers import Dropout


def _check_width(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be a positive integer; got {name}={value!r}")
    return int(value)


def _widths(n_in, hidden, n_out):
    """Checked layer widths [n_in, *hidden, n_out]; hidden: one width or a list of them."""
    hidden = [hidden] if isinstance(hidden, numbers.Integral) else hidden
    return ([_check_width(n_in, "n_in")] + [_check_width(h, f"hidden[{i}]") for i, h in enumerate(hidden)]
            + [_check_width(n_out, "n_out")])


def _layer_probabilities(p, n_hidden, name="p"):
    """Drop probabilities, one per hidden layer, from one number or a list (e.g. D2L's [0.2, 0.5])."""
    if not isinstance(p, (list, tuple)):
        return [check_probability(p, name)] * n_hidden
    if len(p) != n_hidden:
        raise ValueError(
            f"{name} has {len(p)} probabilities but there are {n_hidden} hidden layers; "
            "give one per hidden layer or a single number"
        )
    return [check_probability(value, f"{name}[{i}]") for i, value in enumerate(p)]


def mlp(n_in, hidden, n_out, p=0.5, p_input=0.0):
    """Build ``Linear -> ReLU -> Dropout`` blocks and a final ``Linear``.

    n_in, n_out: input and output widths; hidden: list of hidden widths.
    p: drop probability after each hidden activation, one number for all
    hidden layers or one per hidden layer (e.g. D2L's ``p=[0.2, 0.5]``).
    p_input: drop probability on the inputs (a Dropout layer is added first
    only when p_input > 0). No dropout right before the output.
    Input (batch, n_in) -> output (batch, n_out) logits.
    """
    widths = _widths(n_in, hidden, n_out)
    ps = _layer_probabilities(p, len(widths) - 2)
    p_input = check_probability(p_input, "p_input")

    layers = [Dropout(p_input)] if p_input > 0 else []
    for fan_in, fan_out, p_layer in zip(widths[:-2], widths[1:-1], ps):
        layers += [nn.Linear(fan_in, fan_out), nn.ReLU(), Dropout(p_layer)]
    layers.append(nn.Linear(widths[-2], widths[-1]))
    return nn.Sequential(*layers)


class BatchedMLP(nn.Module):
    """``n_models`` independent MLPs of one shape, run (and trained) as one network.

    Each model m has its own weights and its own drop probability p[m] (one
    number, or one per hidden layer such as D2L's [0.2, 0.5]), so a whole
    sweep over p (and seeds) trains as one network of batched matrix products
    instead of a Python loop over models. Same structure as ``mlp``:
    Linear -> ReLU -> dropout for each hidden layer, then Linear; the dropout
    is ``dl.dropout``'s own mask code. generator: a ``torch.Generator`` for the
    masks (None: torch's global one). Input (batch, n_in), shared by all
    models, or (n_models, batch, n_in); output (n_models, batch, n_out).
    """

    def __init__(self, n_models, n_in, hidden, n_out, p, *, generator=None):
        super().__init__()
        n_models = _check_width(n_models, "n_models")
        widths = _widths(n_in, hidden, n_out)
        if len(p) != n_models:
            raise ValueError(f"p has {len(p)} probabilities for {n_models} models; give one per model")
        rows = [_layer_probabilities(p_m, len(widths) - 2, f"p[{m}]") for m, p_m in enumerate(p)]
        self.register_buffer("p", torch.tensor(rows, dtype=torch.float64))  # (n_models, hidden layers)
        self.generator = generator
        self.weights, self.biases = nn.ParameterList(), nn.ParameterList()
        for fan_in, fan_out in zip(widths[:-1], widths[1:]):  # nn.Linear's default init
            bound = 1 / math.sqrt(fan_in)
            self.weights.append(nn.Parameter(torch.empty(n_models, fan_in, fan_out).uniform_(-bound, bound)))
            self.biases.append(nn.Parameter(torch.empty(n_models, 1, fan_out).uniform_(-bound, bound)))

    @property
    def n_models(self):
        return self.p.shape[0]

    def weight_penalty(self):
        """Sum of squared weights (not biases) of each model: shape (n_models,)."""
        return sum((W**2).sum(dim=(1, 2)) for W in self.weights)

    def dropout(self, h, layer=0):
        """Inverted dropout of hidden layer ``layer``: probability p[m, layer] for model m (h's first axis)."""
        return h * keep_mask(h, self.p[:, layer].view(-1, 1, 1), self.generator)

    def forward(self, x):
        if x.dim() == 2:
            x = x.expand(self.n_models, *x.shape)
        last = len(self.weights) - 1
        for i, (W, b) in enumerate(zip(self.weights, self.biases)):
            x = torch.baddbmm(b, x, W)
            if i < last:
                x = torch.relu(x)
                if self.training:
                    x = self.dropout(x, i)
        return x

    def extra_repr(self):
        return f"n_models={self.n_models}, p={self.p.tolist()}"
