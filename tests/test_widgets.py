"""Slider panels (dropout_lib/widgets.py): what the fast redraw shows is what a full render shows."""
import base64
import io
import json

import ipywidgets as widgets
import numpy as np
import pytest
from PIL import Image

import dropout_lib as dl
from dropout_lib.plots import canvas_png, figure_png
from tools.notebook_runner import NOTEBOOKS

X = np.linspace(0, 1, 50)


def draw_fixed_axes(ax, a):
    ax.plot(X, a * X**2, label="a x²")
    ax.fill_between(X, 0, a * X, alpha=0.3, label="a x")
    ax.text(0.1, 0.8, f"a = {a:.2f}")
    ax.set(xlim=(0, 1), ylim=(0, 2), xlabel="x", ylabel="y", title=f"a = {a:.2f}")
    ax.legend(loc="upper left")


def draw_moving_axes(ax, a):
    ax.plot(X, a * X)
    ax.set(xlim=(0, 1), ylim=(0, a), title=f"up to {a:.2f}")  # the limits follow the value


def pixels(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)


def full_render(panel):
    """The panel's figure as it stands, rendered whole (axes and data): what the panel must show."""
    return pixels(figure_png(panel._fig))


# Share of pixels allowed to differ: the data is drawn over the axes' frame instead of under it,
# which shows where a line ends on the frame (draw_moving_axes: measured 0.0011; draw_fixed_axes:
# 3e-6). A redraw that kept the last picture's data differs in 0.006 of draw_fixed_axes' pixels.
@pytest.mark.parametrize("draw, allowed", [(draw_fixed_axes, 1e-4), (draw_moving_axes, 0.002)])
def test_a_live_redraw_shows_what_a_full_render_shows(draw, allowed):
    panel = dl.live_plot(draw, a=widgets.FloatSlider(value=0.5, min=0.1, max=2))
    assert panel.mechanism == "live" and "dropout-panel-live" in panel._dom_classes
    for value in (1.5, 0.3, 1.9):
        panel.controls["a"].value = value  # the fast path: the background plus the data
        shown = pixels(panel._view.value)
        expected = full_render(panel)
        assert shown.shape == expected.shape
        differs = np.abs(shown - expected).max(axis=-1) > 48
        assert differs.mean() < allowed, f"a = {value}: {differs.sum()} pixels differ from a full render"


def test_a_redraw_that_changes_the_axes_renders_them_again():
    panel = dl.live_plot(draw_moving_axes, a=widgets.FloatSlider(value=0.5, min=0.1, max=2))
    before = panel._background_key
    panel.controls["a"].value = 1.5
    assert panel._background_key != before, "new limits: a new background"
    panel.controls["a"].value = 1.5000001
    assert panel._background_key[1][2] == (0.0, 1.5000001)


def test_frames_panels_precompute_one_picture_per_value():
    panel = dl.live_plot(draw_fixed_axes, a=dl.widgets.choice_slider([0.5, 1.0, 1.5], 1.0))
    assert panel.mechanism == "frames" and "dropout-panel-frames" in panel._dom_classes
    assert len(panel._view.children) == 3
    panel.controls["a"].value = 1.5
    assert panel.image is panel._view.children[2]
    assert np.abs(pixels(panel.image.value) - full_render(panel)).max(axis=-1).mean() < 8  # 64 colours


def test_p_slider_never_offers_p_of_one():
    for step in (0.05, 0.1, 0.15, 0.25):
        values = dl.widgets.option_values(dl.p_slider(max=0.95, step=step))
        assert values[0] == 0 and max(values) <= 0.95, (step, values)
    assert dl.widgets.option_values(dl.p_slider(max=0.9, step=0.1))[-1] == pytest.approx(0.9)


def test_canvas_png_quantizes_to_a_palette():
    panel = dl.live_plot(draw_fixed_axes, a=widgets.FloatSlider(value=0.5, min=0.1, max=2))
    assert Image.open(io.BytesIO(canvas_png(panel._canvas, colours=64))).mode == "P"


def test_stored_static_figures_are_palette_pngs():
    """Lessons store their figures as 256-colour PNGs (dl.use_course_style): a third of the bytes."""
    for path in NOTEBOOKS:
        for cell in json.loads(path.read_text())["cells"]:
            for output in cell.get("outputs", []):
                png = output.get("data", {}).get("image/png")
                if png:
                    mode = Image.open(io.BytesIO(base64.b64decode("".join(png)))).mode
                    assert mode == "P", f"{path.name}: a stored figure is {mode}, not a palette PNG"
