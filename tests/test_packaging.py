"""dropout_lib works in a plain script: no Jupyter packages needed to import it and drop out."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import sys
for name in ("ipywidgets", "IPython"):  # (PIL comes with matplotlib, a dependency)
    sys.modules[name] = None  # any import of them now fails
import torch
import dropout_lib as dl
out = dl.dropout(torch.ones(1000), 0.5)
assert set(out.unique().tolist()) <= {0.0, 2.0}
dl.mlp(4, [8], 2, p=0.5)(torch.ones(3, 4))
try:
    dl.live_plot
except ImportError:
    print("ok: widgets load only when used")
"""


def test_import_and_dropout_without_jupyter_packages():
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "ok: widgets load only when used" in result.stdout


def test_widget_helpers_keep_their_spellings():
    import dropout_lib as dl

    assert dl.live_plot is dl.widgets.live_plot and callable(dl.p_slider)
    assert {"figure_png", "live_plot", "p_slider", "show_source"} <= set(dl.__all__)
