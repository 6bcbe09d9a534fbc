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


def figure_png(fig):
    """Render a matplotlib figure to PNG bytes (Agg, fast low compression)."""
    canvas = FigureCanvasAgg(fig) if not isinstance(fig.canvas, FigureCanvasAgg) else fig.canvas
    canvas.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba())
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def live_plot(fig, update, **controls):
    """A panel of ``controls`` above an image of ``fig``; returns an ipywidgets VBox.

    update(**values) redraws ``fig`` for the controls' current values; it is
    called once now and again on every change. Keyword names are the values'
    names: ``live_plot(fig, draw, p=p_slider)`` calls ``draw(p=0.5)``.
    Keep axis limits fixed in ``update`` so that what changes is the data.
    The panel exposes ``.controls`` (dict), ``.image`` and ``.redraw()``, so a
    check cell can set ``panel.controls["p"].value = 0.3`` and test the figure.
    """
    image = widgets.Image(format="png")

    def redraw(_change=None):
        update(**{name: control.value for name, control in controls.items()})
        image.value = figure_png(fig)

    for control in controls.values():
        control.observe(redraw, names="value")
    redraw()
    # Lay the figure out once, then keep it: a layout pass would double the
    # time of every redraw (update functions keep axis limits fixed).
    fig.set_layout_engine("none")
    panel = widgets.VBox([widgets.HBox(list(controls.values())), image])
    panel.controls, panel.image, panel.redraw = controls, image, redraw
    return panel


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
