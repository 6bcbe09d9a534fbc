"""Benchmarks for every budget of the course: `make bench` (not part of `make test`).

Slider latency is measured in the page (tests/browser/lab.py: keydown to the first painted frame with
the new picture); the web edition's page sizes and total come from a fresh `make site` build.

    python -m tools.bench [--runs 3] [--skip-browser] [--notebook STEM]

Prints one table and writes it to BENCHMARKS.md. Medians of several runs, on
this machine (described at the top of the file). Budgets are compared, not
enforced: timed tests would be flaky on shared machines.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import numpy as np
import torch

import dropout_lib as dl
from dropout_lib.seeding import DEFAULT_SEED
from dropout_lib.sweep import FLIPPED_MOONS
from dropout_lib.train import train_classifier
from tools.notebook_runner import NOTEBOOKS, ROOT, client_for

# Per-notebook shares of the course's budgets: core path (00-04) <= 60 s, whole course <= 120 s.
NOTEBOOK_BUDGET_S = {"00_start_here": 5, "01_why_noise_regularizes": 10, "02_dropout_from_scratch": 15,
                     "03_training_vs_inference": 12, "04_overfitting_demo": 25,
                     "02a_noise_as_a_penalty": 12, "02b_dropout_variants": 12, "03a_subnetworks_and_averaging": 12,
                     "03b_mc_dropout_uncertainty": 10, "04a_dropconnect": 12, "04b_dropout_in_practice": 12,
                     "02c_d2l_on_fashion_mnist": 120}
# Lessons with a budget of their own, outside the whole course's 120 s (issue 21: D2L's run on the real
# Fashion-MNIST trains two networks for 10 epochs on 60,000 images, <= 120 s and <= 1.5 GB by itself).
OWN_BUDGET = {"02c_d2l_on_fashion_mnist"}
CORE = ["00_start_here", "01_why_noise_regularizes", "02_dropout_from_scratch", "03_training_vs_inference",
        "04_overfitting_demo"]
CORE_BUDGET_S, COURSE_BUDGET_S = 60, 120
LOADED_RATIO = 1.5  # the core path beside one busy process, at most this many times its idle time
MEMORY_BUDGET_MB = 1536
SLIDER_MEDIAN_MS, DRAG_CATCH_UP_MS = 33, 150  # in the page: key to first painted frame; two frames at 60 Hz
DECK_BUDGET_MB = 10


def machine():
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines() if Path("/proc/cpuinfo").exists() else []
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), platform.processor())
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{cpu}, {os.cpu_count()} cores, {memory_gb:.0f} GiB; Python {platform.python_version()}, "
            f"torch {torch.__version__} ({torch.get_num_threads()} threads), numpy {np.__version__}")


# Run before a lesson: time every dl.live_plot call (the seconds its panels spend drawing their pictures).
FRAMES_TIMER = """import time as _time, dropout_lib.widgets as _widgets
_widgets.bench_seconds = []
_widgets.untimed_live_plot = getattr(_widgets, "untimed_live_plot", _widgets.live_plot)
def _timed(*args, **kwargs):
    start = _time.perf_counter()
    panel = _widgets.untimed_live_plot(*args, **kwargs)
    _widgets.bench_seconds.append(_time.perf_counter() - start)
    return panel
_widgets.live_plot = _timed"""
LOAD = "while True: pass"  # one busy core: what a browser or a screen recorder does to a lesson's kernel


def run_notebook(path):
    """Fresh kernel, all cells: (wall seconds, peak resident memory of the kernel in MB,
    seconds spent precomputing slider frames)."""
    nb = nbformat.read(path, as_version=4)
    client = client_for(nb, path)
    timer, probe = (nbformat.v4.new_code_cell(code) for code in (FRAMES_TIMER, "print(sum(_widgets.bench_seconds))"))
    nb.cells = [timer, *nb.cells, probe]
    with client.setup_kernel():
        client.execute_cell(nb.cells[0], 0)
        start = time.perf_counter()
        for index, cell in enumerate(nb.cells[1:-1], start=1):
            client.execute_cell(cell, index)
        seconds = time.perf_counter() - start
        status = Path(f"/proc/{client.km.provisioner.process.pid}/status").read_text()
        peak_kb = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")))
        client.execute_cell(nb.cells[-1], len(nb.cells) - 1)
        frames_seconds = float(nb.cells[-1].outputs[0]["text"])
    return seconds, peak_kb / 1024, frames_seconds


def bench_notebooks(runs, only=None):
    rows, medians = [], {}
    for path in NOTEBOOKS:
        if only and path.stem not in only:
            continue
        results = [run_notebook(path) for _ in range(runs)]
        seconds = statistics.median(r[0] for r in results)
        memory = max(r[1] for r in results)
        frames = statistics.median(r[2] for r in results)
        medians[path.stem] = seconds
        budget = NOTEBOOK_BUDGET_S.get(path.stem)
        verdict = ("no budget" if budget is None else ("within" if seconds <= budget else "MISSED")) + \
                  (", memory within" if memory < MEMORY_BUDGET_MB else ", memory MISSED")
        rows.append((f"notebook {path.stem}: Run All (fresh kernel), of which precomputing slider frames; "
                     "peak kernel memory",
                     f"{seconds:.1f} s (runs: {', '.join(f'{r[0]:.1f}' for r in results)}), frames {frames:.1f} s; "
                     f"{memory:.0f} MB",
                     f"{budget} s, {MEMORY_BUDGET_MB} MB" if budget else f"-, {MEMORY_BUDGET_MB} MB", verdict))
    if not only:
        core = sum(t for stem, t in medians.items() if stem in CORE)
        course = sum(t for stem, t in medians.items() if stem not in OWN_BUDGET)
        rows.append(("core path (00-04): sum of the Run All medians", f"{core:.1f} s", f"{CORE_BUDGET_S} s",
                     "within" if core <= CORE_BUDGET_S else "MISSED"))
        rows.append((f"whole course: sum of the Run All medians (without {', '.join(sorted(OWN_BUDGET))})",
                     f"{course:.1f} s", f"{COURSE_BUDGET_S} s", "within" if course <= COURSE_BUDGET_S else "MISSED"))
        rows += bench_under_load(runs, core)
    return rows


def bench_under_load(runs, idle_seconds):
    """The core path again, beside one busy process (a browser, a screen recorder): the ratio to idle."""
    busy = subprocess.Popen([sys.executable, "-c", LOAD])
    try:
        loaded = [sum(run_notebook(path)[0] for path in NOTEBOOKS if path.stem in CORE) for _ in range(runs)]
    finally:
        busy.kill()
    ratio = statistics.median(loaded) / idle_seconds
    return [("core path (00-04) beside one CPU-bound process: Run All, and the ratio to idle",
             f"{statistics.median(loaded):.1f} s (runs: {', '.join(f'{t:.1f}' for t in loaded)}): {ratio:.2f}x idle",
             f"{LOADED_RATIO}x", "within" if ratio <= LOADED_RATIO else "MISSED")]


def bench_sliders():
    """Run the browser suite once; it records 20 latencies per slider."""
    artifacts = ROOT / "test-artifacts" / "browser"
    for old in artifacts.glob("*-latency.json"):
        old.unlink()
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                    str(ROOT / "tests" / "browser" / "test_sliders_live.py")],
                   cwd=ROOT, check=True, env=dict(os.environ, DROPOUT_REQUIRE_BROWSER="1"))
    rows = []
    for path in sorted(artifacts.glob("*-latency.json")):
        for name, measured in json.loads(path.read_text()).items():
            ms = np.array(measured["steps"]) * 1000
            median, p95, drag = np.median(ms), np.percentile(ms, 95), 1000 * measured["drag_catch_up"]
            ok = median <= SLIDER_MEDIAN_MS and drag <= DRAG_CATCH_UP_MS
            rows.append((f"slider {path.stem.removesuffix('-latency')} / {name} ({measured.get('mechanism', '?')}): "
                         f"key to first painted frame with the new picture, measured in the page ({len(ms)} steps); "
                         "last picture after a 1 s drag",
                         f"median {median:.0f} ms, p95 {p95:.0f} ms; drag {drag:.0f} ms",
                         f"median {SLIDER_MEDIAN_MS} ms; drag {DRAG_CATCH_UP_MS} ms",
                         "within" if ok else "MISSED"))
    return rows


def bench_sizes():
    """Bytes of the stored notebooks; of which widget state (the sliders' pictures: every frame of a
    frames panel, the last picture of a live one)."""
    english = sorted((ROOT / "notebooks").glob("*.ipynb"))
    total = sum(path.stat().st_size for path in english)
    rows = []
    for path in english:
        state = len(json.dumps(json.loads(path.read_text()).get("metadata", {}).get("widgets", {})))
        rows.append((f"notebook {path.stem}: file size, of which slider pictures (widget state)",
                     f"{path.stat().st_size / 1e6:.2f} MB, {state / 1e6:.2f} MB", "-", "measured"))
    # A notebook's budget is its web page's (below: the page holds the same pictures), not a total.
    rows.append(("English notebooks together", f"{total / 1e6:.2f} MB", "- (each: its web page's 3 MB)", "measured"))
    return rows


def bench_decks():
    """The static slide decks of both editions (tools/slides.py) as shared: a deck's HTML plus the vendor/
    folder it loads."""
    from tools import slides

    if not slides.fetched():
        return [("static slide decks", "not measured: the npm assets are not in build/vendor "
                 "(`python -m tools.slides fetch`)", f"{DECK_BUDGET_MB} MB each", "not measured")]
    with tempfile.TemporaryDirectory() as out:
        decks = slides.build(out=Path(out))
        vendor = sum(f.stat().st_size for f in (Path(out) / "vendor").rglob("*") if f.is_file())
        rows = []
        for deck in decks:
            size = (deck.stat().st_size + vendor) / 1e6
            rows.append((f"deck {deck.relative_to(out)}: HTML + vendor/ ({vendor / 1e6:.1f} MB, shared by all decks)",
                         f"{size:.2f} MB", f"{DECK_BUDGET_MB} MB", "within" if size <= DECK_BUDGET_MB else "MISSED"))
    return rows


def bench_site():
    """The web edition (`make site`): every page's own bytes (its HTML and pictures), what a first visit
    loads with the shared scripts, and the whole site."""
    from tools import slides
    from tools.site import build, pages

    if not slides.fetched():
        return [("web edition", "not measured: the npm assets are not in build/vendor", "-", "not measured")]
    with tempfile.TemporaryDirectory() as work:
        site = build.build(Path(work) / "site", work=Path(work) / "work")
        rows = []
        for path, (own, first_visit) in sorted(pages.weights(site).items()):
            if path.parent == site or path.stem in ("genindex", "search"):
                continue
            rows.append((f"site page {path.relative_to(site)}: its own bytes (HTML, pictures); a first visit "
                         "with the shared scripts", f"{own / 1e6:.2f} MB; {first_visit / 1e6:.2f} MB",
                         f"{pages.PAGE_BUDGET / 1e6:.0f} MB own", "within" if own <= pages.PAGE_BUDGET else "MISSED"))
        total, vendor = pages.site_bytes(site), pages.site_bytes(site / "vendor")
        rows.append((f"web edition: the whole site, both editions (of which vendor/, shared: {vendor / 1e6:.1f} MB)",
                     f"{total / 1e6:.1f} MB", f"{pages.SITE_BUDGET / 1e6:.0f} MB",
                     "within" if total <= pages.SITE_BUDGET else "MISSED"))
    return rows


def bench_sweep(runs):
    """Lesson 04's p-sweep (its settings and data: dropout_lib.sweep.FLIPPED_MOONS), the training alone:
    one BatchedMLP vs a plain loop."""
    sweep = FLIPPED_MOONS
    sets = sweep.train_sets(DEFAULT_SEED)
    hidden = list(sweep.hidden)

    def batched():
        sweep.train(sets, sweep.ps)

    def loop():
        for (x, t), p in [(s, p) for s in sets for p in sweep.ps]:
            train_classifier(dl.mlp(2, hidden, 2, p=p), x, t, steps=sweep.steps, lr=sweep.lr)

    batched_times, loop_times = [], []
    for _ in range(runs):
        start = time.perf_counter()
        batched()
        batched_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        loop()
        loop_times.append(time.perf_counter() - start)
    batched_s, loop_s = statistics.median(batched_times), statistics.median(loop_times)
    n = len(sweep.ps) * sweep.n_seeds
    return [(f"p-sweep of lesson 04 ({n} networks, {sweep.steps} steps): one BatchedMLP vs a loop of {n} models",
             f"batched {batched_s:.1f} s, loop {loop_s:.1f} s: speedup {loop_s / batched_s:.1f}x", "-", "measured")]


def bench_dropout(repeats=20):
    """dl.dropout vs torch.nn.functional.dropout, and a plain copy as the memory-bandwidth ceiling."""
    rows = []
    for n in (1_000_000, 16_000_000):
        x = torch.randn(n)
        out = torch.empty_like(x)

        def timed(fn):
            fn()
            times = []
            for _ in range(repeats):
                start = time.perf_counter()
                fn()
                times.append(time.perf_counter() - start)
            return statistics.median(times)

        ours = timed(lambda: dl.dropout(x, 0.5))
        torch_time = timed(lambda: torch.nn.functional.dropout(x, 0.5, training=True))
        copy = timed(lambda: out.copy_(x))
        moved = 2 * 4 * n / 1e9  # read x, write the output: the least any dropout must move (GB)
        rows.append((f"dropout of {n / 1e6:.0f}M float32: dl.dropout vs torch F.dropout (copy = ceiling)",
                     f"dl {1000 * ours:.2f} ms ({moved / ours:.1f} GB/s), torch {1000 * torch_time:.2f} ms "
                     f"({moved / torch_time:.1f} GB/s), ratio {ours / torch_time:.1f}x; copy {moved / copy:.1f} GB/s",
                     "-", "measured"))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--notebook", action="append",
                        help="re-measure only this notebook (stem) and update its row in BENCHMARKS.md")
    args = parser.parse_args()
    if args.notebook:
        update_rows(bench_notebooks(args.runs, only=args.notebook))
        return
    rows = bench_notebooks(args.runs)
    if not args.skip_browser:
        rows += bench_sliders()
    rows += bench_sizes() + bench_decks() + bench_site() + bench_sweep(max(1, args.runs - 1)) + bench_dropout()
    lines = ["# Benchmarks", "", f"Machine: {machine()}.", "",
             f"Made by `make bench` on {time.strftime('%Y-%m-%d')}; times are medians of {args.runs} runs "
             "unless stated. A missed budget is marked MISSED, not hidden.", "",
             "| what | measured | budget | verdict |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    text = "\n".join(lines) + "\n"
    print(text)
    (ROOT / "BENCHMARKS.md").write_text(text)


def update_rows(rows):
    """Replace the rows of BENCHMARKS.md whose first column matches, and print them."""
    path = ROOT / "BENCHMARKS.md"
    lines = path.read_text().splitlines()
    for a, b, c, d in rows:
        new = f"| {a} | {b} | {c} | {d} |"
        lines = [new if line.startswith(f"| {a} |") else line for line in lines]
        print(new)
    lines.append(f"\nRows re-measured on {time.strftime('%Y-%m-%d')}: " + "; ".join(r[0].split(":")[0] for r in rows) + ".")
    path.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
