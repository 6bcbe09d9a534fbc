"""python -m tools.site [--out build/site] [--repository URL] [--branch main]   (make site)"""
import argparse
from pathlib import Path

from tools.site import build, pages


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tools.site", description=build.__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=build.OUT)
    parser.add_argument("--repository", default="", help="the repository's web URL, for the links to each "
                        "notebook and the README (default: the GitHub URL of the git remote, if any)")
    parser.add_argument("--branch", default="main", help="the branch those links name (default: main)")
    args = parser.parse_args(argv)
    out = build.build(args.out, args.repository, args.branch)
    weights = pages.weights(out)
    heaviest = max(weights, key=lambda path: weights[path][0])
    own, first_visit = weights[heaviest]
    print(f"{out}: {len(weights)} pages, {pages.site_bytes(out) / 1e6:.1f} MB in all; heaviest page "
          f"{heaviest.relative_to(out)}: {own / 1e6:.2f} MB of its own, {first_visit / 1e6:.2f} MB with the shared "
          "assets it loads; every internal link checked")


if __name__ == "__main__":
    main()
