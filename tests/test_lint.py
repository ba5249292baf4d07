"""The code stays as ruff.toml says (STYLE.md: ruff lints), mypy.ini and the size habit; and a
test run stays quiet (pytest.ini's filterwarnings)."""

import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from conftest import REPO


def test_ruff_finds_nothing():
    ruff = Path(sys.prefix) / "bin" / "ruff"
    result = subprocess.run([str(ruff), "check", "--no-cache", "."], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_changes_nothing():
    ruff = Path(sys.prefix) / "bin" / "ruff"
    result = subprocess.run(
        [str(ruff), "format", "--check", "--no-cache", "."], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing():
    """mypy.ini: strict for model, view, rows, checks, people and domain; the rest at the defaults."""
    mypy = Path(sys.prefix) / "bin" / "mypy"
    result = subprocess.run([str(mypy), "--no-incremental"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_functions_and_classes_fit_on_a_screen_unless_their_docstring_says_why():
    """STYLE.md §7: no function over about 60 lines or class over about 250 in _ext/minutes,
    unless its docstring says why ("Long because ...")."""
    import ast

    too_long = []
    for path in sorted((REPO / "_ext" / "minutes").rglob("*.py")):
        relative = path.relative_to(REPO / "_ext" / "minutes").as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                limit = 250 if isinstance(node, ast.ClassDef) else 60
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > limit and "Long because" not in (ast.get_docstring(node) or ""):
                    too_long.append(f"{relative}:{node.lineno} {node.name} ({length} lines)")
    assert too_long == []


@pytest.mark.parametrize("module", ["minutes", "minutes.importer.plan", "conftest", "test_lint", "wiki_space"])
def test_a_warning_from_the_projects_own_code_is_an_error(module):
    """pytest.ini: a warning raised in the extension or the tests fails the test that raised it."""
    with pytest.raises(DeprecationWarning):
        warnings.warn_explicit("deprecated in our own code", DeprecationWarning, "x.py", 1, module=module)


def test_the_third_party_warnings_filtered_by_name_stay_quiet():
    """pytest.ini ignores myst-parser's use of what Sphinx 9 deprecates, by message and module:
    those are not shown, another warning from the same module is."""
    named = [
        "'myst_parser.mocking.MockState.app' is deprecated",
        "'sphinx.environment.BuildEnvironment.app' is deprecated",
    ]
    with warnings.catch_warnings(record=True) as caught:  # pytest.ini's filters stay in force
        for message in [*named, "something else myst-parser says"]:
            warnings.warn_explicit(message, PendingDeprecationWarning, "x.py", 1, module="myst_parser.mocking")
    assert [str(w.message) for w in caught] == ["something else myst-parser says"]


def test_the_serializing_builders_use_of_the_deprecated_app_stays_quiet():
    """pytest.ini ignores sphinxcontrib-serializinghtml's reads of Builder.app (the json and pickle
    builders), by message and module; another warning from that module is shown."""
    message = "'sphinxcontrib.serializinghtml.JSONHTMLBuilder.app' is deprecated. Check CHANGES"
    module = "sphinxcontrib.serializinghtml"
    with warnings.catch_warnings(record=True) as caught:  # pytest.ini's filters stay in force
        for text in [message, "something else serializinghtml says"]:
            warnings.warn_explicit(text, PendingDeprecationWarning, "x.py", 1, module=module)
    assert [str(w.message) for w in caught] == ["something else serializinghtml says"]
