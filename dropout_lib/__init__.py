"""dropout_lib: the small library behind "Dropout, hands-on".

p is always the probability of DROPPING a unit (PyTorch/Keras convention).
The slider helpers (widgets.py) need Jupyter and load on first use, so
``import dropout_lib`` works in a plain Python script too.
"""
import importlib

from .functional import check_probability, dropout, dropout_backward, dropout_forward, gaussian_dropout, keep_mask
from .layers import DropConnectLinear, Dropout
from .models import BatchedMLP, mlp
from .plots import PALETTE, draw_network, figure_png, new_figure, small_multiples, use_course_style
from .seeding import derived_seed, seed_everything, use_threads

_WIDGETS = ("live_plot", "p_slider", "show_source")

__all__ = [
    "check_probability", "dropout", "keep_mask", "gaussian_dropout", "dropout_forward", "dropout_backward",
    "Dropout", "DropConnectLinear", "mlp", "BatchedMLP", "seed_everything", "derived_seed", "use_threads",
    "PALETTE", "draw_network", "figure_png", "new_figure", "small_multiples", "use_course_style", *_WIDGETS,
]


def __getattr__(name):
    """``dl.live_plot``, the other widget helpers and ``dl.widgets``: imported when first used."""
    if name == "widgets" or name in _WIDGETS:
        widgets = importlib.import_module(".widgets", __name__)
        return widgets if name == "widgets" else getattr(widgets, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
