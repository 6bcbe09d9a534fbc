"""Run lessons over many seeds: every checking cell must pass on every seed.

    python -m tools.seed_sweep notebooks/04_*.ipynb --seeds 20     # make test-seeds runs every lesson
    python -m tools.seed_sweep notebooks/04_*.ipynb --effects 100  # the effect checks, 100 seeds

Default mode: every cell keeps running after a failure (allow_errors), so one failing check does
not hide the others; prints one line per cell that checks something, passes/seeds and the first
claim, and exits non-zero if any check failed on any seed. The seeds (100, 101, ...) are ones the
other tests never use.

--effects N: only the cells up to the last effect check (``check.clearly_lower`` and
``check.not_clearly_lower``: a difference over training sets, "clear" beyond Z_CLEAR = 2 standard
errors) run, on N seeds. Per check it prints passes/N and the estimated chance that one more seed
fails: the check's statistic (the difference in standard errors, which the check prints) has a
mean m and spread s over the seeds, and a normal approximation gives P(fail) = Phi(-(m - 2)/s) for
"clearly lower" and Phi(-(2 - m)/s) for "not clearly lower". The course asks for below 1/1000.
"""
import argparse
import math
import re
import statistics
import sys
from concurrent.futures import ProcessPoolExecutor

import nbformat

from tools.notebook_runner import client_for

FIRST_SEED = 100
EFFECT_CALLS = ("check.clearly_lower", "check.not_clearly_lower")
EFFECT_LINE = re.compile(r"✓ checked: (.*) \(.*?≈(-?[\d.]+|-?inf) standard errors; clear (means|would need) above")
CHECKED = re.compile(r"✓ checked: (.*?)(?: \(|$)")


def run(path, seed, upto=None):
    """Execute the notebook (cells up to index ``upto``) with DROPOUT_SEED=seed.

    Returns {cell index: (error text or None, printed text)} for the code cells that ran."""
    nb = nbformat.read(path, as_version=4)
    if upto is not None:
        nb.cells = nb.cells[: upto + 1]
    client = client_for(nb, path, seed=seed, allow_errors=True)
    client.execute()
    results = {}
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or "raises-exception" in cell.metadata.get("tags", []):
            continue
        text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        errors = [o for o in cell.outputs if o.output_type == "error"]
        error = f"{errors[0].ename}: {errors[0].evalue[:200]}" if errors else None
        results[i] = (error, text)
    return results


def label(source):
    """A cell's first claim (the string of its first check or assert), or its first line."""
    match = re.search(r'(?:check\.\w+\(.*?|assert .*?,\s*)(f?"[^"]*"|f?\'[^\']*\')', source, re.S)
    return match.group(1) if match else source.strip().splitlines()[0][:70]


def sweep_cells(path, seeds, jobs):
    nb = nbformat.read(path, as_version=4)
    with ProcessPoolExecutor(jobs) as pool:
        runs = list(pool.map(run, [path] * len(seeds), seeds))
    print(f"\n{path}: {len(seeds)} seeds ({seeds[0]}-{seeds[-1]})")
    failed = False
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not re.search(r"\bassert\b|check\.", cell.source) or i not in runs[0]:
            continue
        failures = [(seed, r[i][0]) for seed, r in zip(seeds, runs) if r[i][0]]
        print(f"  cell {i:2d}: {len(seeds) - len(failures):3d}/{len(seeds)}  {label(cell.source)}")
        for seed, error in failures[:3]:
            print(f"           seed {seed}: {error}")
        failed |= bool(failures)
    return failed


def normal_tail(z):
    return 0.5 * math.erfc(z / math.sqrt(2))


def sweep_effects(path, seeds, jobs):
    nb = nbformat.read(path, as_version=4)
    cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and any(call in c.source for call in EFFECT_CALLS)]
    if not cells:
        return False
    with ProcessPoolExecutor(jobs) as pool:
        runs = list(pool.map(run, [path] * len(seeds), seeds, [cells[-1]] * len(seeds)))
    print(f"\n{path}: effect checks, {len(seeds)} seeds ({seeds[0]}-{seeds[-1]})")
    failed = False
    for i in cells:
        statistics_by_claim, failures = {}, []
        for seed, result in zip(seeds, runs):
            error, text = result[i]
            if error:
                failures.append((seed, error))
            for claim, t, kind in EFFECT_LINE.findall(text):
                statistics_by_claim.setdefault((claim, kind), []).append(float(t))
        for (claim, kind), ts in statistics_by_claim.items():
            m, s = statistics.mean(ts), statistics.stdev(ts) if len(ts) > 1 else float("nan")
            p_fail = normal_tail((m - 2) / s) if kind == "means" else normal_tail((2 - m) / s)
            flag = "" if p_fail < 1e-3 else "   <-- above 1/1000"
            print(f"  cell {i:2d}: {len(ts):3d} passed; t = {m:.2f} ± {s:.2f} over seeds; P(fail) ≈ {p_fail:.1e}{flag}  {claim}")
            failed |= p_fail >= 1e-3
        for seed, error in failures[:5]:
            print(f"           seed {seed} failed: {error}")
        failed |= bool(failures)
    return failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+")
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--effects", type=int, default=0, help="run only the effect checks, on this many seeds")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    failed = False
    for path in args.notebooks:
        if args.effects:
            failed |= sweep_effects(path, list(range(FIRST_SEED, FIRST_SEED + args.effects)), args.jobs)
        else:
            failed |= sweep_cells(path, list(range(FIRST_SEED, FIRST_SEED + args.seeds)), args.jobs)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
