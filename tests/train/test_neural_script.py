"""The BiLSTM-CRF training script imports and parses its options without PyTorch."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kg.train.neural import DEFAULTS, _parser


def test_importing_the_script_does_not_import_torch() -> None:
    code = "import sys, kg.train.neural; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_options_default_to_the_shipped_settings(tmp_path: Path) -> None:
    args = _parser().parse_args(["--epochs", "2", "--out", str(tmp_path / "m.npz")])
    assert args.epochs == 2 and args.out == tmp_path / "m.npz"
    for key, value in DEFAULTS.items():
        if key != "epochs":
            assert getattr(args, key) == value

