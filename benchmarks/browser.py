"""The open-actions page at 20,000 actions in a real browser: its size, the time Chromium
takes to render it, and the time its filter bar takes to filter it.

The site is generated with about 20 actions a meeting (only the open-actions page is
measured, and it is the same page as at 4,000 ordinary meetings, for a fifth of the build),
built with this repository's extension, served on 127.0.0.1 and loaded by Playwright in
Debian's Chromium. Each figure is the median of a few loads.

    python benchmarks/browser.py --actions 20000
"""

from __future__ import annotations

import argparse
import functools
import http.server
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402

HERE = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
PAGE = "actions/index.html"
PER_MEETING = (19, 21)
LOADS = 3

# One filter change, timed: the script's work, and until the next frame is painted. The
# table shows one page of the matching rows; the filter bar's count says how many match.
FILTER_JS = """async ([name, value]) => {
  const form = document.querySelector('form.minutes-filters');
  const control = form.querySelector(`[name="${name}"]`);
  const t0 = performance.now();
  if (control.type === 'checkbox') { control.checked = Boolean(value); } else { control.value = value; }
  control.dispatchEvent(new Event(control.tagName === 'INPUT' && control.type !== 'checkbox' ? 'input' : 'change',
                                 {bubbles: true}));
  const script = performance.now() - t0;
  await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
  return {script, painted: performance.now() - t0, ...shown()};
}"""

# Clicking a control of the first table (a column header's sort button, "Show more", "Show all").
CLICK_JS = """async (selector) => {
  const button = document.querySelector(selector);
  if (!button || button.offsetParent === null) return null;
  const t0 = performance.now();
  button.click();
  const script = performance.now() - t0;
  await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
  return {script, painted: performance.now() - t0, ...shown()};
}"""

# Rows laid out in the first table, and how many match (the filter bar's count).
SHOWN_JS = """window.shown = () => {
  const rows = Array.from(document.querySelector('table.minutes-action-table').tBodies[0].rows)
    .filter(r => !r.hidden && r.offsetParent !== null).length;
  const count = document.querySelector('.minutes-filter-count');
  const match = count && /^([\\d,]+)/.exec(count.textContent);
  return {visible: rows, matching: match ? Number(match[1].replace(/,/g, '')) : rows};
}"""

STEPS = (("q", "schema"), ("q", ""), ("owner", "<owner>"), ("owner", ""), ("overdue", True), ("overdue", False))
CLICKS = (
    ("sort by due date", "table.minutes-action-table th:nth-child(2) button.minutes-sort"),
    ("sort by due date, descending", "table.minutes-action-table th:nth-child(2) button.minutes-sort"),
    ("show more", "button.minutes-pager-more"),
    ("show all", "button.minutes-pager-all"),
)


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def build_site(work: Path, actions: int) -> tuple[Path, int]:
    """Generate and build a site with about ``actions`` actions; (html dir, action count)."""
    meetings = actions // (sum(PER_MEETING) // 2 - 1) + 1  # about one action a meeting is closed by an update
    content = generate.make_content(meetings, seed=1, per_meeting=PER_MEETING)
    total = sum(len(m.actions()) for m in content.meetings)
    src = work / f"browser-{actions}"
    generate.write_site(content, "site", src)
    html = src / "_build/html"
    # Always run: an incremental build of an unchanged site reads nothing; without the page,
    # Sphinx writes it again, so the page, script and stylesheet are this extension's own.
    (html / PAGE).unlink(missing_ok=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-q",
            "-b",
            "html",
            "-j",
            "2",
            "-d",
            str(src / "_build/doctrees"),
            str(src),
            str(html),
        ],
        check=True,
    )
    return html, total


def measure(html: Path, total: int) -> str:
    """Markdown: the page's size, render and filter times."""
    if not CHROMIUM.exists():
        return f"Not measured: {CHROMIUM} is missing (apt-get install chromium).\n"
    from playwright.sync_api import sync_playwright

    text = (html / PAGE).read_text(encoding="utf-8")
    size_mb = len(text.encode()) / 1e6
    rows = text.count('class="minutes-action-row')
    tables = len(re.findall(r'<table class="[^"]*\bminutes-action-table\b', text))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(html)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/{PAGE}"
    loads: list[dict[str, float]] = []
    filters: dict[str, list[dict[str, float]]] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
            )
            for _ in range(LOADS):
                page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
                page.add_init_script(SHOWN_JS)
                start = time.perf_counter()
                page.goto(url, wait_until="load", timeout=300_000)
                loaded = time.perf_counter() - start
                timing = page.evaluate("""() => {
                    const nav = performance.getEntriesByType('navigation')[0];
                    const paint = performance.getEntriesByName('first-contentful-paint')[0];
                    return {parsed: nav.domInteractive, dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
                            fcp: paint ? paint.startTime : null,
                            filters: Boolean(document.querySelector('form.minutes-filters')), ...shown()}
                }""")
                loads.append({"wall": loaded * 1000, **timing})
                if timing["filters"]:
                    owner = page.eval_on_selector(
                        "form.minutes-filters select[name=owner]",
                        "s => s.options[Math.min(3, s.options.length - 1)].value",
                    )
                    for name, value in STEPS:
                        value = owner if value == "<owner>" else value
                        result = page.evaluate(FILTER_JS, [name, value])
                        label = f"{name}={value!s}" if value not in ("", False) else f"{name} cleared"
                        filters.setdefault(label, []).append(result)
                    for label, selector in CLICKS:
                        result = page.evaluate(CLICK_JS, selector)
                        if result is not None:
                            filters.setdefault(label, []).append(result)
                page.context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()

    def med(key: str, rows: list[dict[str, float]]) -> float:
        return statistics.median(r[key] for r in rows if r.get(key) is not None)

    out = [
        f"Open-actions page (`{PAGE}`) of a site with {total:,} actions: {rows:,} rows in "
        f"{tables:,} action table{'s' if tables != 1 else ''}.",
        "",
        "| measure | median of loads |",
        "|---|---:|",
        f"| HTML size | {size_mb:.1f} MB |",
        f"| first contentful paint | {med('fcp', loads):.0f} ms |",
        f"| HTML parsed (domInteractive) | {med('parsed', loads):.0f} ms |",
        f"| DOMContentLoaded done (filter bar built, first page shown) | {med('dcl', loads):.0f} ms |",
        f"| load event done | {med('load', loads):.0f} ms |",
        f"| wall time of `page.goto` to load | {med('wall', loads):.0f} ms |",
        f"| rows laid out after load | {loads[0]['visible']:,} |",
    ]
    if filters:
        out += [
            "",
            "| step, one after the other (first table) | script ms | until next frame ms | rows shown | rows matching |",
            "|---|---:|---:|---:|---:|",
        ]
        for name, steps in filters.items():
            out.append(
                f"| {name} | {med('script', steps):.0f} | {med('painted', steps):.0f} | "
                f"{steps[0]['visible']:,} | {steps[0]['matching']:,} |"
            )
    else:
        out += ["", "Filter: pending (the page has no filter bar in this build)."]
    return "\n".join(out) + "\n"


def open_actions_report(work: Path, actions: int) -> str:
    html, total = build_site(work, actions)
    return measure(html, total)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actions", type=int, default=20000)
    parser.add_argument("--work", type=Path, default=HERE / "_sites")
    args = parser.parse_args()
    print(open_actions_report(args.work, args.actions))


if __name__ == "__main__":
    main()
