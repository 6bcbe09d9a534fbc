"""Figure style shared by every lesson: readable when projected, colour-blind safe."""
import matplotlib as mpl
from matplotlib.figure import Figure

# Okabe & Ito's colour-blind-safe palette.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#999999",
}

STYLE = {
    "figure.figsize": (7.5, 4.0),
    "figure.dpi": 80,
    "font.size": 13,
    "axes.titlesize": 14,
    "axes.labelsize": 13,
    "legend.fontsize": 11,
    "lines.linewidth": 2.2,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": mpl.cycler(color=[PALETTE[c] for c in
                                         ("blue", "orange", "green", "vermillion", "sky", "purple", "black")]),
}


def use_course_style():
    """Apply the course style to matplotlib (call once at the top of a lesson)."""
    mpl.rcParams.update(STYLE)


def new_figure(nrows=1, ncols=1, figsize=None, **subplot_kw):
    """A figure outside pyplot (it never shows by itself): ``(fig, axes)``.

    Used by live panels, which redraw one figure into an image widget.
    """
    fig = Figure(figsize=figsize or mpl.rcParams["figure.figsize"], layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=True, **subplot_kw)
    return fig, axes
