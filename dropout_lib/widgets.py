"""``live_plot``: a figure driven by sliders, redrawn in place (no flicker, no page jump).

Two mechanisms, picked from the controls:

- **Frames** (every control a ``SelectionSlider``, e.g. ``p_slider()``): every
  picture is drawn once, when the panel is made, and the slider switches between
  them in the browser (``jslink``). Instant, and it works with no kernel at all:
  in static HTML exports and in the slide decks.
- **Live** (any other control, e.g. a ``FloatSlider`` over a continuous range, or a
  picture that must be resampled): the kernel calls ``draw`` on every change and
  sends the new PNG. Cheaply: the axes (ticks, labels, grid) are rendered once into
  a background, and a redraw renders only what ``draw`` drew onto a copy of it
  ("blitting"); a redraw that changes the axes themselves gets a full render.

The panel's DOM element carries the class ``dropout-panel-frames`` or
``dropout-panel-live`` (the browser tests read it).
"""
import inspect
import math

import ipywidgets as widgets
from IPython.display import Code, display

from .plots import agg_canvas, canvas_png, new_figure

FRAME_COLOURS = 64  # a precomputed frame is a 64-colour PNG: a quarter of the bytes, the same look for plots
MAX_FRAMES = 120  # pictures per panel: each is stored in the notebook (CONTRIBUTING.md)


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
        self._canvas = agg_canvas(fig)
        self._drawn_for = None
        self._background, self._background_key = None, None
        self.mechanism = "frames" if all(isinstance(c, widgets.SelectionSlider) for c in controls.values()) else "live"
        if self.mechanism == "frames":
            self._view = self._frames(0, {})
        else:
            self._view = widgets.Image(format="png")
            for control in controls.values():
                control.observe(self.redraw, names="value")
            self.redraw()
        super().__init__([widgets.HBox(list(controls.values())), self._view], **kwargs)
        self.add_class(f"dropout-panel-{self.mechanism}")

    def values(self):
        return {name: control.value for name, control in self.controls.items()}

    def _render(self, values):
        """Render the figure for ``values`` into the canvas, drawn on axes emptied of their data.

        The axes themselves (frame, ticks, labels, grid) are rendered once into a background;
        a redraw copies it and renders only the data artists on top. When ``draw`` changed
        the axes (limits, scales, labels, ticks), the whole figure is rendered again.
        """
        for ax in self._fig.axes:
            remove_data(ax)
        self._draw(self._axes, **values)
        key = axes_key(self._fig)
        if key != self._background_key:
            if self._drawn_for is None:
                # Lay the figure out once, then keep it: a layout pass doubles the cost of a render.
                self._canvas.draw()
                self._fig.set_layout_engine("none")
            self._render_background()
            self._background_key = key
        self._canvas.restore_region(self._background)
        for ax in self._fig.axes:
            for artist in sorted(data_artists(ax), key=lambda a: a.get_zorder()):
                ax.draw_artist(artist)
        self._drawn_for = values

    def _render_background(self):
        """Render the figure without its data artists and keep that picture."""
        hidden = [a for ax in self._fig.axes for a in data_artists(ax) if a.get_visible()]
        for artist in hidden:
            artist.set_visible(False)
        self._canvas.draw()
        self._background = self._canvas.copy_from_bbox(self._fig.bbox)
        for artist in hidden:
            artist.set_visible(True)

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
            return widgets.Image(value=canvas_png(self._canvas, colours=FRAME_COLOURS), format="png")
        control = self.controls[names[level]]
        children = [self._frames(level + 1, {**fixed, names[level]: value}) for value in option_values(control)]
        stack = widgets.Stack(children, selected_index=control.index)
        widgets.jslink((control, "index"), (stack, "selected_index"))
        return stack

    def redraw(self, _change=None):
        """Live panels: draw for the current values and send the new picture."""
        self._render(self.values())
        self._view.value = canvas_png(self._canvas)

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


def plotted(ax):
    """What was plotted on ``ax``: lines, patches (bars), collections, images, texts."""
    return [*ax.lines, *ax.patches, *ax.collections, *ax.images, *ax.texts]


def data_artists(ax):
    """What a live panel renders over its background: the plotted artists, the legend, the titles."""
    legend = [ax.get_legend()] if ax.get_legend() is not None else []
    return [*plotted(ax), *legend, ax.title, ax._left_title, ax._right_title]


def axes_key(fig):
    """What a panel's background shows, per axes: limits, scales, axis labels, ticks and their labels."""
    key = [tuple(text.get_text() for text in fig.texts)]
    for ax in fig.axes:
        key.append((ax.axison, ax.get_xlim(), ax.get_ylim(), ax.get_xscale(), ax.get_yscale(),
                    ax.get_xlabel(), ax.get_ylabel()))
        for axis in (ax.xaxis, ax.yaxis):
            ticks = tuple(axis.get_majorticklocs())
            key.append((ticks, tuple(axis.get_major_formatter().format_ticks(ticks))))
    return key


def remove_data(ax):
    """Remove what was plotted on ``ax`` (lines, bars, images, texts, legend), keep the axes."""
    for artist in plotted(ax):
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
    count = math.floor(max / step + 1e-9)  # never past max: p = 1 would divide by zero
    return choice_slider([round(i * step, 10) for i in range(count + 1)], value, description, "{:.2f}")


def show_source(*objects):
    """Display the library's own source of functions/classes, highlighted.

    One source of truth: lessons show the code they teach, never a copy.
    """
    for obj in objects:
        display(Code(inspect.getsource(obj), language="python"))
