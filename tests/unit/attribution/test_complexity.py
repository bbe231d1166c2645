"""No function of the attribution library above cyclomatic complexity 25 (ruff's C901,
configured in pyproject.toml): a new construction is a new small rule, not a new branch."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
LIBRARY = ROOT / "packages" / "attribution" / "quotewire_attribution"


def _ruff() -> str:
    local = Path(sys.executable).with_name("ruff")
    return str(local) if local.exists() else shutil.which("ruff") or "ruff"


def test_no_function_above_complexity_25():
    out = subprocess.run(
        [_ruff(), "check", "--select", "C901", "--output-format", "concise", str(LIBRARY)],
        cwd=ROOT,
        capture_output=True,
        check=False,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, f"too complex:\n{out.stdout}{out.stderr}"


def test_the_check_sees_a_complex_function(tmp_path):
    branches = "\n".join(f"    if x == {i}:\n        return {i}" for i in range(30))
    (tmp_path / "big.py").write_text(f"def big(x):\n{branches}\n    return -1\n")
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    out = subprocess.run(
        [_ruff(), "check", "--select", "C901", "--output-format", "concise", "big.py"],
        cwd=tmp_path,
        capture_output=True,
        check=False,
        text=True,
        timeout=60,
    )
    assert out.returncode == 1 and "`big` is too complex (31 > 25)" in out.stdout
