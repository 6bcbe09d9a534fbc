"""``live_plot``: sliders that redraw one figure in place (no flicker, no page jump).

The figure is rendered to PNG and shown in an ``ipywidgets.Image``; moving a
slider calls your ``update`` function, which changes the figure's artists,
and the image is replaced in place.
"""
import inspect
import io

import ipywidgets as widgets
from IPython.display import Code, display
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from .plots import new_figure


def figure_png(fig):
    """Render a matplotlib figure to PNG bytes (Agg, fast low compression)."""
    canvas = FigureCanvasAgg(fig) if not isinstance(fig.canvas, FigureCanvasAgg) else fig.canvas
    canvas.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba())
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def live_plot(draw, /, *, nrows=1, ncols=1, figsize=None, **controls):
    """A panel of ``controls`` above a figure that ``draw`` redraws; returns an ipywidgets VBox.

    draw(axes, **values) draws the figure for the controls' current values
    (axes: one Axes, or an array for nrows x ncols); it is called once now
    and again on every change, each time on axes emptied of their data but
    keeping their ticks (clearing an Axes fully costs more than drawing it). Keyword names are the values' names:
    ``live_plot(draw, p=p_slider())`` calls ``draw(ax, p=0.5)``. The panel owns
    its figure, so the same ``draw`` can also fill a static figure elsewhere.
    Keep axis limits fixed in ``draw`` so that what changes is the data.
    The panel exposes ``.controls`` (dict), ``.axes``, ``.image`` and
    ``.redraw()``: a check cell can set ``panel.controls["p"].value = 0.3``
    and inspect what was drawn.
    """
    fig, axes = new_figure(nrows, ncols, figsize)
    image = widgets.Image(format="png")

    def redraw(_change=None):
        for ax in fig.axes:
            remove_data(ax)
        draw(axes, **{name: control.value for name, control in controls.items()})
        image.value = figure_png(fig)

    for control in controls.values():
        control.observe(redraw, names="value")
    redraw()
    # Lay the figure out once, then keep it: a layout pass would double the
    # time of every redraw.
    fig.set_layout_engine("none")
    panel = widgets.VBox([widgets.HBox(list(controls.values())), image])
    panel.controls, panel.axes, panel.image, panel.redraw = controls, axes, image, redraw
    return panel


def remove_data(ax):
    """Remove what was plotted on ``ax`` (lines, bars, images, texts, legend), keep the axes."""
    for artist in [*ax.lines, *ax.patches, *ax.collections, *ax.images, *ax.texts]:
        artist.remove()
    ax.containers.clear()
    if ax.get_legend() is not None:
        ax.get_legend().remove()
    ax.set_prop_cycle(None)


def p_slider(value=0.5, description="p (drop)", max=0.95, step=0.05):
    """The course's slider for the drop probability p."""
    return widgets.FloatSlider(value=value, min=0.0, max=max, step=step,
                               description=description, readout_format=".2f",
                               style={"description_width": "initial"},
                               layout=widgets.Layout(width="420px"))


def show_source(*objects):
    """Display the library's own source of functions/classes, highlighted.

    One source of truth: lessons show the code they teach, never a copy.
    """
    for obj in objects:
        display(Code(inspect.getsource(obj), language="python"))
