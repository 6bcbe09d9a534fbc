"""Slider panels (dropout_lib/widgets.py): one precomputed picture per value, the one a full render shows."""
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


def draw(ax, a):
    ax.plot(X, a * X**2, label="a x²")
    ax.fill_between(X, 0, a * X, alpha=0.3, label="a x")
    ax.text(0.1, 0.8, f"a = {a:.2f}")
    ax.set(xlim=(0, 1), ylim=(0, 2), xlabel="x", ylabel="y", title=f"a = {a:.2f}")
    ax.legend(loc="upper left")


def pixels(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)


def test_one_picture_per_value_each_what_a_full_render_shows():
    panel = dl.live_plot(draw, a=dl.widgets.choice_slider([0.5, 1.0, 1.5], 1.0))
    assert "dropout-panel-frames" in panel._dom_classes
    shown = {}
    for value in (0.5, 1.0, 1.5):
        panel.controls["a"].value = value
        shown[value] = panel.image.value
        full = pixels(figure_png(panel.axes.figure))  # the figure drawn for this value, rendered whole
        assert np.abs(pixels(shown[value]) - full).max(axis=-1).mean() < 8, "a 64-colour picture of the same figure"
    assert len(set(shown.values())) == 3, "each value has its own picture"


def test_two_sliders_give_every_combination():
    panel = dl.live_plot(lambda ax, a, b: draw(ax, a + b), a=dl.widgets.choice_slider([0.1, 0.2]),
                         b=dl.widgets.choice_slider([0.0, 1.0, 1.5]))
    pictures = set()
    for a in (0.1, 0.2):
        for b in (0.0, 1.0, 1.5):
            panel.controls["a"].value, panel.controls["b"].value = a, b
            pictures.add(panel.image.value)
    assert len(pictures) == 6


def test_only_selection_sliders_and_not_too_many_pictures():
    with pytest.raises(TypeError, match="a must be a selection slider"):
        dl.live_plot(draw, a=widgets.FloatSlider(value=0.5, min=0.1, max=2))
    with pytest.raises(ValueError, match="121 pictures to draw"):
        dl.live_plot(draw, a=dl.widgets.choice_slider(np.linspace(0.1, 2, 121)))


def test_p_slider_never_offers_p_of_one():
    for step in (0.05, 0.1, 0.15, 0.25):
        values = dl.widgets.option_values(dl.p_slider(max=0.95, step=step))
        assert values[0] == 0 and max(values) <= 0.95, (step, values)
    assert dl.widgets.option_values(dl.p_slider(max=0.9, step=0.1))[-1] == pytest.approx(0.9)


def test_canvas_png_quantizes_to_a_palette():
    fig, ax = dl.new_figure()
    draw(ax, 1.0)
    assert Image.open(io.BytesIO(figure_png(fig, colours=64))).mode == "P"
    assert Image.open(io.BytesIO(canvas_png(fig.canvas))).mode == "RGBA"


def test_stored_static_figures_are_palette_pngs():
    """Lessons store their figures as 256-colour PNGs (dl.use_course_style): a third of the bytes."""
    for path in NOTEBOOKS:
        for cell in json.loads(path.read_text())["cells"]:
            for output in cell.get("outputs", []):
                png = output.get("data", {}).get("image/png")
                if png:
                    mode = Image.open(io.BytesIO(base64.b64decode("".join(png)))).mode
                    assert mode == "P", f"{path.name}: a stored figure is {mode}, not a palette PNG"
