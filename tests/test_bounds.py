"""Bounds on what the commands read (issue 14): a damaged or hostile file is a clean error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO


def test_diff_of_deeply_nested_json_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    good = tmp_path / "actions.json"
    good.write_text('{"schema_version": "1.0", "actions": []}', encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO / "_ext")}
    for old, new in ((deep, good), (good, deep)):
        result = subprocess.run(
            [sys.executable, "-m", "minutes", "diff", str(old), str(new)], capture_output=True, text=True, env=env
        )
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert "deep.json: not a minutes actions.json" in result.stderr
