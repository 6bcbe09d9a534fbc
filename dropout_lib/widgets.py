"""Sliders over precomputed pictures: ``live_plot(draw, p=p_slider())``.

Every picture is drawn once, when the panel is made, and the sliders switch between them in
the browser (``jslink``): instant, and with no kernel at all, so the same panel works in
JupyterLab, in static HTML, in the slide decks and in the web edition. The panel's DOM element
carries the class ``dropout-panel-frames`` (the browser tests find panels by it).
"""
import inspect
import math

import ipywidgets as widgets
from IPython.display import Code, display

from .plots import agg_canvas, canvas_png, new_figure

FRAME_COLOURS = 64  # a frame is a 64-colour PNG: a quarter of the bytes, the same look for plots
MAX_FRAMES = 120  # pictures per panel: each is stored in the notebook (CONTRIBUTING.md)


class Panel(widgets.VBox):
    """Sliders above a picture (made by ``live_plot``).

    ``.controls``: the sliders by name; ``.image``: the Image shown for their current values;
    ``.axes``: the figure's axes, drawn for their current values (for checks).
    """

    def __init__(self, draw, fig, axes, controls):
        self._draw, self._fig, self._axes, self.controls = draw, fig, axes, controls
        self._canvas, self._drawn_for = agg_canvas(fig), None
        for name, control in controls.items():
            if not isinstance(control, widgets.SelectionSlider):
                raise TypeError(f"{name} must be a selection slider (p_slider() or choice_slider(values)): every "
                                f"picture is drawn in advance; got {type(control).__name__}")
        count = math.prod(len(control.options) for control in controls.values())
        if count > MAX_FRAMES:
            raise ValueError(f"{count} pictures to draw (more than {MAX_FRAMES}): give the sliders fewer values")
        self._view = self._stack(list(controls.items()), {})
        super().__init__([widgets.HBox(list(controls.values())), self._view])
        self.add_class("dropout-panel-frames")

    def _render(self, values):
        """Draw the figure for ``values`` on axes emptied of their data, into the canvas."""
        for ax in self._fig.axes:
            remove_data(ax)
        self._draw(self._axes, **values)
        self._canvas.draw()
        if self._drawn_for is None:  # lay the figure out once, then keep it: a layout doubles a render's cost
            self._fig.set_layout_engine("none")
        self._drawn_for = values

    def _stack(self, controls, fixed):
        """One Image per combination of values: Stacks nested one level per slider, each switched by it."""
        if not controls:
            self._render(fixed)
            return widgets.Image(value=canvas_png(self._canvas, colours=FRAME_COLOURS), format="png")
        (name, control), rest = controls[0], controls[1:]
        stack = widgets.Stack([self._stack(rest, {**fixed, name: value}) for value in option_values(control)],
                              selected_index=control.index)
        widgets.jslink((control, "index"), (stack, "selected_index"))
        return stack

    @property
    def image(self):
        """The Image widget showing the picture for the sliders' current values."""
        view = self._view
        for control in self.controls.values():
            view = view.children[control.index]
        return view

    @property
    def axes(self):
        """The figure's axes, drawn for the sliders' current values."""
        values = {name: control.value for name, control in self.controls.items()}
        if self._drawn_for != values:
            self._render(values)
        return self._axes


def live_plot(draw, /, *, nrows=1, ncols=1, figsize=None, **controls):
    """Sliders above a figure that ``draw`` draws, one picture per combination of their values: a ``Panel``.

    draw(axes, **values) draws the figure for the sliders' values (axes: one Axes, or an array
    for nrows x ncols), each time on axes emptied of their data but keeping their ticks. The
    keyword names are the values' names: ``live_plot(draw, p=p_slider())`` calls ``draw(ax, p=0.5)``.
    Keep axis limits fixed in ``draw`` so that what changes is the data. The same ``draw`` fills the
    static figure that follows a panel (``dl.small_multiples``). A check cell can set
    ``panel.controls["p"].value = 0.3`` and inspect ``panel.axes`` or ``panel.image``.
    """
    fig, axes = new_figure(nrows, ncols, figsize)
    return Panel(draw, fig, axes, controls)


def option_values(control):
    """The values a selection slider can take, in order."""
    return [option[1] if isinstance(option, tuple) else option for option in control.options]


def remove_data(ax):
    """Remove what was plotted on ``ax`` (lines, bars, collections, images, texts, legend), keep the axes."""
    for artist in [*ax.lines, *ax.patches, *ax.collections, *ax.images, *ax.texts]:
        artist.remove()
    ax.containers.clear()
    if ax.get_legend() is not None:
        ax.get_legend().remove()
    ax.set_prop_cycle(None)


def choice_slider(values, value=None, description="", fmt="{}"):
    """A slider over a fixed list of values; ``value`` picks the nearest one (default: the first)."""
    values = list(values)
    value = min(values, key=lambda v: abs(v - value)) if value is not None else values[0]
    return widgets.SelectionSlider(options=[(fmt.format(v), v) for v in values], value=value,
                                   description=description, style={"description_width": "initial"},
                                   layout=widgets.Layout(width="420px"))


def p_slider(value=0.5, description="p (drop)", max=0.95, step=0.05):
    """The course's slider for the drop probability p: the values 0, step, ..., max."""
    count = math.floor(max / step + 1e-9)  # never past max: p = 1 would divide by zero
    return choice_slider([round(i * step, 10) for i in range(count + 1)], value, description, "{:.2f}")


def show_source(*objects):
    """Display the library's own source of functions or classes, highlighted.

    One source of truth: lessons show the code they teach, never a copy.
    """
    for obj in objects:
        display(Code(inspect.getsource(obj), language="python"))
