"""``mlp``: a multilayer perceptron with dropout after each hidden activation."""
import numbers

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
