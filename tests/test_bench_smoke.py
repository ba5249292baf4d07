"""The benchmark cannot rot: its generator and a tiny build of each variant that this venv
can build (sphinx-needs lives in benchmarks/.venv only, so here it is skipped, saying so).
No timings are asserted: performance lives in benchmarks/RESULTS.md."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402
import run  # noqa: E402

N = 5


def test_generator_is_deterministic_and_edits_touch_one_meeting(tmp_path: Path) -> None:
    first, second = generate.make_content(N, seed=3), generate.make_content(N, seed=3)
    assert first == second
    assert len(first.meetings) == N
    for meeting in first.meetings:
        assert 3 <= len(meeting.actions()) <= 6
    site = tmp_path / "site"
    assert len(generate.write_site(first, "site", site)) == 2 + N + 4 + len(first.series)  # conf, people
    assert generate.write_site(first, "site", site) == []
    prose = generate.prose_edit(first)
    assert generate.write_site(prose, "site", site) == [f"{generate.middle_meeting(first).docname}.md"]
    action = generate.action_edit(prose)
    assert generate.write_site(action, "site", site) == [f"{generate.middle_meeting(first).docname}.md"]
    assert ":status: done" in (site / f"{generate.middle_meeting(first).docname}.md").read_text()


def variants() -> list[str]:
    """Every variant this venv can build: sphinx-needs and the pydata theme live in
    benchmarks/.venv only, where `make bench` builds them; the generator's pages for them are
    still written by the tests here."""
    return [v for v in generate.VARIANTS if run.installed(v)]


def test_the_bare_floor_has_the_meetings_and_no_listing_or_person_pages(tmp_path: Path) -> None:
    content = generate.make_content(N, seed=3)
    site = tmp_path / "bare"
    written = generate.write_site(content, "bare", site)
    pages = sorted(p for p in written if p.endswith(".md"))
    assert pages == sorted(
        ["index.md", *(f"{m.docname}.md" for m in content.meetings), *(f"minutes/{s}/index.md" for s in content.series)]
    )
    conf = (site / "conf.py").read_text()
    assert 'html_theme = "pydata_sphinx_theme"' in conf and 'e != "minutes"' in conf
    assert "action-table" not in "".join((site / p).read_text() for p in pages)
    site_pydata = tmp_path / "site-pydata"
    generate.write_site(content, "site-pydata", site_pydata)
    assert 'html_theme = "pydata_sphinx_theme"' in (site_pydata / "conf.py").read_text()
    assert (site_pydata / "_ext" / "minutes" / "rows.py").is_file()


@pytest.mark.parametrize("variant", variants())
def test_tiny_build_of_each_variant(variant: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run, "RUNS", tmp_path / "runs")
    builds = run.run_matrix([N], [1], [variant], 1, tmp_path / "sites", seed=1)
    assert [b.scenario for b in builds] == ["clean", "prose", "action"]
    assert all(b.returncode == 0 for b in builds), [b for b in builds if b.returncode]
    clean, prose, action = builds
    pages = N + 4 + len(generate.make_content(N).series)
    assert clean.read == clean.written == pages
    assert prose.read == 1
    assert action.read >= 1
    assert clean.peak_mb > 0

    out = tmp_path / "sites" / f"{variant}-{N}" / "_build" / "html"
    content = generate.action_edit(generate.prose_edit(generate.make_content(N)))
    meeting = generate.middle_meeting(content)
    page = BeautifulSoup((out / f"{meeting.docname}.html").read_text(), "html.parser")
    assert "A late correction was added to these notes." in page.get_text()
    todo_page = BeautifulSoup((out / "actions/index.html").read_text(), "html.parser")
    first_open = next(s for s in generate.chosen_states(content))
    assert first_open.action.description in todo_page.get_text()


def test_results_table_names_ratios_to_the_floor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run, "RUNS", tmp_path / "runs")
    builds = [
        run.Build(v, N, 1, s, 0, seconds, seconds, 100.0, 1, 1, 0, 0)
        for v, seconds in (("floor", 2.0), ("site", 2.2))
        for s in run.SCENARIOS
    ]
    results = tmp_path / "RESULTS.md"
    run.write_results(results, builds, ["floor", "site"], [N], "2026-01-01T00:00", "0.0 0.0 0.0", 60.0, "")
    text = results.read_text()
    assert "| 5 | 1 | clean | site | 2.20 |" in text
    assert "1.10x" in text
    assert "Sphinx" in text and "cores" in text
    assert json.loads((tmp_path / "runs" / "builds.json").read_text())[0]["variant"] == "floor"
