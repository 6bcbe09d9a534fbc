"""``live_plot``: a figure driven by sliders, redrawn in place (no flicker, no page jump).

Two mechanisms, picked from the controls:

- **Frames** (every control a ``SelectionSlider``, e.g. ``p_slider()``): every
  picture is drawn once, when the panel is made, and the slider switches between
  them in the browser (``jslink``). Instant, and it works with no kernel at all:
  in static HTML exports and in the slide decks.
- **Live** (any other control, e.g. a ``FloatSlider`` over a continuous range, or a
  picture that must be resampled): the kernel calls ``draw`` on every change and
  sends the new PNG.
"""
import inspect
import io

import ipywidgets as widgets
from IPython.display import Code, display
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from .plots import new_figure

FRAME_COLOURS = 64  # a precomputed frame is a 64-colour PNG: a quarter of the bytes, the same look for plots
MAX_FRAMES = 120


def figure_png(fig, colours=None):
    """Render a matplotlib figure to PNG bytes (Agg); ``colours=N`` quantizes to an N-colour palette."""
    canvas = FigureCanvasAgg(fig) if not isinstance(fig.canvas, FigureCanvasAgg) else fig.canvas
    canvas.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba())
    if colours:
        image = image.convert("RGB").quantize(colors=colours, method=Image.Quantize.MEDIANCUT)
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=1 if not colours else 9)
    return buffer.getvalue()


def option_values(control):
    """The values a selection control can take, in order."""
    return [option[1] if isinstance(option, tuple) else option for option in control.options]


class Panel(widgets.VBox):
    """Controls above a figure (made by ``live_plot``).

    ``.controls`` (dict of the controls), ``.image`` (the Image shown now),
    ``.axes`` (the figure's axes, drawn for the controls' current values),
    ``.redraw()``, and ``.mechanism`` ("frames" or "live").
    """

    def __init__(self, draw, fig, axes, controls, **kwargs):
        self._draw, self._fig, self._axes, self.controls = draw, fig, axes, controls
        self._drawn_for = None
        self.mechanism = "frames" if all(isinstance(c, widgets.SelectionSlider) for c in controls.values()) else "live"
        if self.mechanism == "frames":
            self._links = []
            self._view = self._frames(0, {})
        else:
            self._view = widgets.Image(format="png")
            for control in controls.values():
                control.observe(self.redraw, names="value")
            self.redraw()
        super().__init__([widgets.HBox(list(controls.values())), self._view], **kwargs)

    def values(self):
        return {name: control.value for name, control in self.controls.items()}

    def _render(self, values):
        """Draw the figure for ``values`` on axes emptied of their data (ticks and layout kept)."""
        for ax in self._fig.axes:
            remove_data(ax)
        self._draw(self._axes, **values)
        if self._drawn_for is None:
            # Lay the figure out once, then keep it: a layout pass doubles the cost of a redraw.
            self._fig.canvas.draw() if isinstance(self._fig.canvas, FigureCanvasAgg) else figure_png(self._fig)
            self._fig.set_layout_engine("none")
        self._drawn_for = values

    def _frames(self, level, fixed):
        """Nested Stacks of precomputed Images, one level per control, each switched by its slider."""
        names = list(self.controls)
        if level == 0:
            count = 1
            for control in self.controls.values():
                count *= len(control.options)
            if count > MAX_FRAMES:
                raise ValueError(f"{count} frames to precompute (more than {MAX_FRAMES}): use fewer slider values")
        if level == len(names):
            self._render(fixed)
            return widgets.Image(value=figure_png(self._fig, colours=FRAME_COLOURS), format="png")
        control = self.controls[names[level]]
        children = [self._frames(level + 1, {**fixed, names[level]: value}) for value in option_values(control)]
        stack = widgets.Stack(children, selected_index=control.index)
        self._links.append(widgets.jslink((control, "index"), (stack, "selected_index")))
        return stack

    def redraw(self, _change=None):
        """Live panels: draw for the current values and send the new picture."""
        self._render(self.values())
        self._view.value = figure_png(self._fig)

    @property
    def image(self):
        """The Image widget showing the picture for the controls' current values."""
        view = self._view
        for control in self.controls.values() if self.mechanism == "frames" else []:
            view = view.children[control.index]
        return view

    @property
    def axes(self):
        """The figure's axes, drawn for the controls' current values (for checks)."""
        if self._drawn_for != self.values():
            self._render(self.values())
        return self._axes


def live_plot(draw, /, *, nrows=1, ncols=1, figsize=None, **controls):
    """A panel of ``controls`` above a figure that ``draw`` draws; returns a ``Panel`` (an ipywidgets VBox).

    draw(axes, **values) draws the figure for the controls' values (axes: one
    Axes, or an array for nrows x ncols), each time on axes emptied of their data
    but keeping their ticks. Keyword names are the values' names:
    ``live_plot(draw, p=p_slider())`` calls ``draw(ax, p=0.5)``. Keep axis limits
    fixed in ``draw`` so that what changes is the data. The same ``draw`` can also
    fill a static figure elsewhere (one source for the live and the static picture).

    If every control is a SelectionSlider, every picture is precomputed now and
    the sliders switch between them in the browser, with no kernel; otherwise the
    kernel redraws on each change. A check cell can set
    ``panel.controls["p"].value = 0.3`` and inspect ``panel.axes`` or ``panel.image``.
    """
    fig, axes = new_figure(nrows, ncols, figsize)
    return Panel(draw, fig, axes, controls)


def remove_data(ax):
    """Remove what was plotted on ``ax`` (lines, bars, images, texts, legend), keep the axes."""
    for artist in [*ax.lines, *ax.patches, *ax.collections, *ax.images, *ax.texts]:
        artist.remove()
    ax.containers.clear()
    if ax.get_legend() is not None:
        ax.get_legend().remove()
    ax.set_prop_cycle(None)


def choice_slider(values, value=None, description="", fmt="{}"):
    """A slider over a fixed list of values (precomputed frames in ``live_plot``)."""
    values = list(values)
    value = min(values, key=lambda v: abs(v - value)) if value is not None else values[0]
    return widgets.SelectionSlider(options=[(fmt.format(v), v) for v in values], value=value,
                                   description=description, style={"description_width": "initial"},
                                   layout=widgets.Layout(width="420px"))


def p_slider(value=0.5, description="p (drop)", max=0.95, step=0.05):
    """The course's slider for the drop probability p: the values 0, step, ..., max."""
    count = int(round(max / step))
    return choice_slider([round(i * step, 10) for i in range(count + 1)], value, description, "{:.2f}")


def show_source(*objects):
    """Display the library's own source of functions/classes, highlighted.

    One source of truth: lessons show the code they teach, never a copy.
    """
    for obj in objects:
        display(Code(inspect.getsource(obj), language="python"))
