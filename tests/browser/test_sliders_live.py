"""Every notebook, every slider, in real JupyterLab in a real browser.

For each notebook: open it, Run All, wait for the kernel, check no error output.
Then for each slider: step it with the keyboard (20 steps, measuring in the page the latency
from the key's arrival to the first painted frame with the new picture: lab.step_slider), set its
minimum and maximum through the readout,
and check each time that its plot changed and no error output appeared; then drag it across
its range in about a second and record how long after the release the last picture arrives.
"""
import json
import statistics

from tests.browser import lab

STEPS_PER_SLIDER = 20


def test_notebook_runs_and_every_slider_redraws(page, lab_server, artifacts, notebook):
    lab.open_notebook(page, lab_server, notebook.name)
    try:
        lab.run_all_cells(page)
    finally:
        page.screenshot(path=str(artifacts / f"{notebook.stem}-after-run-all.png"), full_page=True)
    assert lab.error_outputs(page) == [], "error output after Run All"

    found = lab.sliders(page)
    latencies = {}
    for index, (label, slider) in enumerate(found):
        slider.scroll_into_view_if_needed()
        name = f"{index}: {label}"
        times = []
        direction = 1
        for _ in range(STEPS_PER_SLIDER):
            value, low, high = lab.handle_state(slider)
            if (direction > 0 and value >= high) or (direction < 0 and value <= low):
                direction = -direction
            times.append(lab.step_slider(page, slider, direction))
        for which in ("min", "max"):
            lab.set_to_extreme(page, slider, which)
            value, low, high = lab.handle_state(slider)
            assert value == (low if which == "min" else high), f"{name}: could not set the {which}"
        catch_up = lab.drag_across(page, slider)
        assert lab.error_outputs(page) == [], f"error output after moving slider {name}"
        latencies[name] = {"steps": times, "measured": "in the page (keydown to first painted frame)",
                           "drag_catch_up": catch_up, "mechanism": lab.mechanism(slider)}
    page.screenshot(path=str(artifacts / f"{notebook.stem}.png"), full_page=True)
    (artifacts / f"{notebook.stem}-latency.json").write_text(json.dumps(latencies, indent=1))
    assert found, f"{notebook.name} has no slider"
    for name, measured in latencies.items():
        print(f"{notebook.stem} slider {name}: median {1000 * statistics.median(measured['steps']):.0f} ms, "
              f"last picture {1000 * measured['drag_catch_up']:.0f} ms after a 1 s drag")


def test_chinese_lesson_runs_and_its_slider_redraws(page, lab_server, artifacts):
    """The Chinese edition in JupyterLab: Run All, then its p slider changes the picture."""
    name = "zh/00_start_here.ipynb"
    lab.open_notebook(page, lab_server, name)
    lab.run_all_cells(page)
    assert lab.error_outputs(page) == [], "error output after Run All"
    assert "术语对照" in page.locator(".jp-Notebook").inner_text(), "the Chinese text should be shown"
    label, slider = lab.sliders(page)[0]
    slider.scroll_into_view_if_needed()
    lab.step_slider(page, slider, +1)  # waits for the new picture, fails if none comes
    assert lab.error_outputs(page) == []
    page.screenshot(path=str(artifacts / "zh-00_start_here.png"), full_page=True)
