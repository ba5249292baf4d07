"""Pages written to FORMAT.md in its other spellings: backtick fences, overrides, bodies."""

import pytest

from conftest import ROOTS, build, soup, warnings

PAGE = (ROOTS / "test-format" / "minutes" / "dm-sst" / "2022-09-05.md").read_text(encoding="utf-8")
"""Backtick fences, a series override, bodies: built in the format root, and alone below."""


@pytest.mark.sphinx("html", testroot="format", freshenv=True)
def test_backtick_fences_series_override_and_bodies(app):
    """tests/roots/test-format/minutes/dm-sst/2022-09-05.md: an ``ops`` meeting filed under
    dm-sst, backtick fences, an action with a body, an update reopening a done action."""
    app.build()
    assert warnings(app) == ""
    page = soup(app, "minutes/dm-sst/2022-09-05.html")
    action = page.select_one("#ops-2022-09-05-1")
    assert action.select_one(".minutes-action-description em").get_text() == "runbook"
    assert "The runbook lives in the ops repository." in action.get_text()
    assert "14:00–15:00 CEST (Europe/Paris)" in page.select_one("dl.minutes-logistics").get_text()
    assert [a.get_text() for a in page.select(".minutes-participants a")] == ["Keith Bechtol", "Jim Bosch"]
    assert page.select_one("#ops-2022-09-05-d1")
    report = soup(app, "actions/index.html")
    first = report.select_one("table.minutes-action-table tbody")
    texts = [tr.select("td")[0].get_text(" ", strip=True) for tr in first.select("tr")]
    assert "Write the runbook for the ops team" in texts
    # The update reopened a done action with a later due date.
    assert "Look up the schedule of the camera" in " ".join(texts)
    original = soup(app, "minutes/dm-sst/2022-06-06.html").select_one("#camera-schedule")
    assert original.select_one(".minutes-status").get_text() == "open"
    assert [li.select_one("a").get_text() for li in original.select(".minutes-history li")] == [
        "2022-07-18",
        "2022-09-05",
    ]


def test_pages_beside_conf_py_alone_build_cleanly(make_app, tmp_path):
    """A site of conf.py, people.yaml and pages (no _ext/, technote.toml, _templates/ or
    _static/): the installed extension brings its templates and assets."""
    import shutil

    from conftest import REPO, site_conf

    site = tmp_path / "bare"
    site.mkdir()
    shutil.copy(REPO / "people.yaml", site / "people.yaml")
    (site / "conf.py").write_text(site_conf())
    (site / "index.md").write_text("# Home\n\n```{toctree}\n:glob:\n\nminutes/ops/*\n```\n\n```{action-table}\n```\n")
    (site / "minutes/ops").mkdir(parents=True)
    (site / "minutes/ops/2022-09-05.md").write_text(PAGE.split("```{action-update}")[0])
    app = build(make_app, site, freshenv=True)
    assert warnings(app) == ""
    rows = soup(app, "index.html").select("table.minutes-action-table tbody tr")
    assert [r.select("td")[0].get_text(" ", strip=True) for r in rows] == ["Write the runbook for the ops team"]
    assert (app.outdir / "_static/minutes-site.css").exists()
