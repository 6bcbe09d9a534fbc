"""Figure style shared by every lesson (readable when projected, colour-blind safe), and figures as PNG bytes."""
import base64
import io

import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from PIL import Image

STATIC_COLOURS = 256  # a lesson's static figures (use_palette_figures): a third of the bytes

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
    """Apply the course style to matplotlib (call once at the top of a lesson).

    In a Jupyter kernel, static figures are also stored as 256-colour PNGs
    (``use_palette_figures``): the same pixels' look, a third of the bytes.
    """
    mpl.rcParams.update(STYLE)
    shell = _ipython_shell()
    if shell is not None:
        use_palette_figures(shell)


def _ipython_shell():
    """The running IPython kernel's shell, or None (plain Python, or IPython not installed)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    return shell if shell is not None and hasattr(shell, "kernel") else None


def figure_png(fig, colours=None):
    """Render a matplotlib figure to PNG bytes (Agg); ``colours=N`` quantizes to an N-colour palette."""
    canvas = agg_canvas(fig)
    canvas.draw()
    return canvas_png(canvas, colours)


def agg_canvas(fig):
    """The figure's Agg canvas (attached to it if it had another)."""
    return fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)


def canvas_png(canvas, colours=None):
    """PNG bytes of what an Agg canvas holds now (no new render)."""
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba())
    return encode_png(image, colours)


def encode_png(image, colours=None):
    """PNG bytes of a PIL image; ``colours=N`` quantizes to an N-colour palette (smaller, same look for plots)."""
    if colours:
        image = image.convert("RGB").quantize(colors=colours, method=Image.Quantize.MEDIANCUT)
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=1 if not colours else 6)  # 6: half the time of 9, 4% more bytes
    return buffer.getvalue()


def use_palette_figures(shell, colours=STATIC_COLOURS):
    """Store a lesson's static matplotlib figures as ``colours``-colour PNGs (a third of the bytes).

    Replaces IPython's PNG formatter for figures (the inline backend's: tight bounding
    box, the figure's dpi) by the same render followed by quantization.
    """
    import matplotlib
    import matplotlib.pyplot as plt
    from IPython.core.pylabtools import print_figure
    from matplotlib.figure import Figure

    # Load the kernel's backend now: the inline backend installs its own formatter when it loads
    # (switching closes open figures: call this before drawing any, as use_course_style is).
    plt.switch_backend(matplotlib.get_backend())

    def palette_png(fig):
        png = print_figure(fig, "png", bbox_inches="tight")
        if png is None:  # a figure with no axes shows nothing, as in IPython
            return None
        return base64.b64encode(encode_png(Image.open(io.BytesIO(png)), colours)).decode("ascii")

    shell.display_formatter.formatters["image/png"].for_type(Figure, palette_png)


def new_figure(nrows=1, ncols=1, figsize=None, **subplot_kw):
    """A figure outside pyplot (it never shows by itself): ``(fig, axes)``.

    Used by live panels, which redraw one figure into an image widget.
    """
    fig = Figure(figsize=figsize or mpl.rcParams["figure.figsize"], layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=True, **subplot_kw)
    return fig, axes


def small_multiples(draw, per_value=1, figsize=None, **values):
    """The static view of a slider panel: the same ``draw`` for a few values, side by side.

    values: one keyword with the values to show, e.g. ``p=[0.0, 0.5, 0.9]``. per_value: axes
    that ``draw`` takes per value (1: one row of axes; more: one row of that many per value).
    """
    import matplotlib.pyplot as plt

    (name, shown), = values.items()
    rows, cols = (1, len(shown)) if per_value == 1 else (len(shown), per_value)
    width, height = mpl.rcParams["figure.figsize"]
    fig, axes = plt.subplots(rows, cols, figsize=figsize or (min(16, width * cols * 0.6), height * rows * 0.85),
                             layout="constrained", squeeze=False)
    for value, ax in zip(shown, axes.ravel() if per_value == 1 else axes):  # an Axes, or a row of them
        draw(ax, **{name: value})
    plt.show()


def draw_network(ax, layer_sizes, keep=None):
    """Draw an MLP as circles and lines; dropped units hollow, their connections removed.

    Draws on an empty Axes (a live panel empties it before each redraw).

    layer_sizes: units per layer, input first. keep: one boolean array per
    layer (True = kept); None keeps all. Units are spread evenly vertically.
    """
    keep = keep or [np.ones(n, dtype=bool) for n in layer_sizes]
    tallest = max(layer_sizes)
    positions = [np.linspace(0, tallest - 1, n) if n > 1 else np.array([(tallest - 1) / 2])
                 for n in layer_sizes]
    segments = [[(layer, y0), (layer + 1, y1)]
                for layer in range(len(layer_sizes) - 1)
                for i, y0 in enumerate(positions[layer]) if keep[layer][i]
                for j, y1 in enumerate(positions[layer + 1]) if keep[layer + 1][j]]
    # One collection for all connections: one artist to draw instead of hundreds.
    ax.add_collection(LineCollection(segments, colors=PALETTE["grey"], linewidths=0.6, zorder=1))
    # Units of every layer at once: kept (filled), dropped (hollow, crossed); three artists in all.
    x = np.concatenate([np.full(n, layer) for layer, n in enumerate(layer_sizes)])
    y = np.concatenate(positions)
    kept = np.concatenate([np.asarray(k, dtype=bool) for k in keep])
    ax.scatter(x[kept], y[kept], s=260, color=PALETTE["blue"], zorder=2)
    ax.scatter(x[~kept], y[~kept], s=260, facecolor="white", edgecolor=PALETTE["vermillion"], linewidth=2, zorder=2)
    ax.scatter(x[~kept], y[~kept], s=90, marker="x", color=PALETTE["vermillion"], zorder=3)
    names = ["input"] + [f"hidden {i}" for i in range(1, len(layer_sizes) - 1)] + ["output"]
    ax.set_xticks(range(len(layer_sizes)), names)
    ax.set_yticks([])
    ax.grid(False)
    ax.set_xlim(-0.4, len(layer_sizes) - 0.6)
    ax.set_ylim(-0.8, tallest - 0.2)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
