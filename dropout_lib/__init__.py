"""dropout_lib: the small library behind "Dropout, hands-on".

p is always the probability of DROPPING a unit (PyTorch/Keras convention).
"""
from .functional import check_probability, dropout, dropout_backward, dropout_forward, gaussian_dropout
from .layers import DropConnectLinear, Dropout
from .models import BatchedMLP, mlp
from .plots import PALETTE, draw_network, new_figure, use_course_style
from .seeding import seed_everything
from .widgets import figure_png, live_plot, p_slider, show_source

__all__ = [
    "check_probability", "dropout", "gaussian_dropout", "dropout_forward", "dropout_backward",
    "Dropout", "DropConnectLinear", "mlp", "BatchedMLP", "seed_everything", "PALETTE", "draw_network", "new_figure",
    "use_course_style", "figure_png", "live_plot", "p_slider", "show_source",
]
