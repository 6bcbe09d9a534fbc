"""Run lessons over many seeds and count, per checking cell, how many seeds pass.

    python -m tools.seed_sweep notebooks/04_*.ipynb --seeds 20     # make test-seeds runs all

Every cell keeps running after a failure (allow_errors), so one failing check does
not hide the others. The seeds (100, 101, ...) are ones the other tests never use.
Prints one line per cell that asserts something: passes/seeds and the first assert's
message; exits non-zero if any check failed on any seed.
"""
import argparse
import os
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient

FIRST_SEED = 100


def run(path, seed):
    """Execute the notebook with DROPOUT_SEED=seed; return {cell index: error name or None}."""
    nb = nbformat.read(path, as_version=4)
    env = dict(os.environ, DROPOUT_SEED=str(seed))
    client = NotebookClient(nb, timeout=900, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(Path(path).parent)}})
    client.execute(env=env)
    results = {}
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or "raises-exception" in cell.metadata.get("tags", []):
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        errors += [o for o in cell.outputs if o.get("name") == "stderr" and "Error" in o.get("text", "")]
        results[i] = (errors[0].get("ename", "stderr") + ": " + errors[0].get("evalue", errors[0].get("text", ""))[:200]
                      if errors else None)
    return results


def label(source):
    """The cell's first assert message, or its first line."""
    match = re.search(r'assert .*?,\s*(f?"[^"]*"|f?\'[^\']*\')', source)
    return match.group(1) if match else source.strip().splitlines()[0][:70]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+")
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    seeds = list(range(FIRST_SEED, FIRST_SEED + args.seeds))
    failed = False
    for path in args.notebooks:
        nb = nbformat.read(path, as_version=4)
        with ProcessPoolExecutor(args.jobs) as pool:
            runs = list(pool.map(run, [path] * len(seeds), seeds))
        print(f"\n{path}: {len(seeds)} seeds ({seeds[0]}-{seeds[-1]})")
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or "assert" not in cell.source or i not in runs[0]:
                continue
            failures = [(seed, r[i]) for seed, r in zip(seeds, runs) if r.get(i)]
            print(f"  cell {i:2d}: {len(seeds) - len(failures):2d}/{len(seeds)}  {label(cell.source)}")
            for seed, error in failures[:3]:
                print(f"           seed {seed}: {error}")
            failed |= bool(failures)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
