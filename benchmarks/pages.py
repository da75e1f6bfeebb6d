"""Page weight and time to first render of the staff pages on the local stack, in Chromium.

    .venv/bin/python benchmarks/pages.py                # starts a demo stack (`coi local up --seed-demo`)
    .venv/bin/python benchmarks/pages.py --runs 5 --json

For each staff page (home, projects, a project, every tab of a contract with a certificate, the
review queue and a review page, coverages, vendors, action needed): the bytes of HTML + CSS + JS
the page loads (decoded sizes from the Resource Timing API, so compression does not hide them)
and the time from navigation start to first contentful paint (`performance.getEntriesByType
('paint')`), median of `--runs` loads, each in a fresh browser context (cold cache). Then the
heaviest page by bytes, the figure the issue asks for. Figures depend on this machine: they are
for comparing before and after a change, on the same machine, not for a target in a unit test.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from coi_cli.local.process import LocalStackProcess  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ADMIN = "admin@summitridge.example"
PAINTED = "() => performance.getEntriesByType('paint').length > 0"
MEASURE = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const paint = performance.getEntriesByType('paint').find(p => p.name === 'first-contentful-paint');
  const assets = performance.getEntriesByType('resource')
    .filter(r => /\\.(css|js)(\\?|$)/.test(r.name) || ['link', 'script'].includes(r.initiatorType));
  const css = assets.filter(r => /\\.css/.test(r.name)).reduce((n, r) => n + r.decodedBodySize, 0);
  const js = assets.filter(r => /\\.js/.test(r.name)).reduce((n, r) => n + r.decodedBodySize, 0);
  return {html: nav.decodedBodySize, css: css, js: js, requests: assets.length + 1,
          fcp_ms: paint ? paint.startTime : null};
}"""


def _token_headers(api: str) -> dict[str, str]:
    import httpx

    token = httpx.post(f"{api}/api/auth/token", json={"email": ADMIN}, timeout=10).json()["token"]
    return {"Authorization": f"Bearer {token}"}


def staff_pages(api: str, demo: dict[str, Any]) -> dict[str, str]:
    """Path per page name, with the demo's first contract that has a certificate."""
    entry = next(c for c in demo["contracts"] if "document_id" in c)
    contract = f"/contracts/{entry['contract_id']}"
    pages = {
        "home (overview)": "/",
        "projects": "/projects",
        "project": f"/projects/{demo['projects'][0]}",
        **{
            f"contract: {tab}": f"{contract}?tab={tab}"
            for tab in ("coverages", "certificates", "notes", "messages", "audit")
        },
        "review queue": "/review",
        "review page": f"/documents/{entry['document_id']}/review",
        "coverages": "/coverages",
        "vendors": "/vendors",
        "action needed": "/action-needed",
    }
    return pages


def _wait_until_read(api: str, demo: dict[str, Any], timeout: float = 90) -> None:
    """The demo uploads are read asynchronously; measure the pages once they show the results."""
    import httpx

    deadline = time.monotonic() + timeout
    for entry in (c for c in demo["contracts"] if "document_id" in c):
        url = f"{api}/api/portal/{entry['portal_token']}/documents/{entry['document_id']}"
        while httpx.get(url, timeout=10).status_code != 200 and time.monotonic() < deadline:
            time.sleep(1)


def measure(api: str, pages: dict[str, str], runs: int) -> dict[str, dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    results: dict[str, dict[str, Any]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        try:
            signed_in = browser.new_context()
            page = signed_in.new_page()
            page.goto(f"{api}/")
            page.get_by_label("Work email").fill(ADMIN)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url("**/projects")
            cookies = signed_in.cookies()
            signed_in.close()
            for name, path in pages.items():
                samples = []
                for _ in range(runs):
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    context.add_cookies(cookies)  # type: ignore[arg-type]  # same shape, another TypedDict
                    tab = context.new_page()
                    response = tab.goto(f"{api}{path}", wait_until="load")
                    if response is None or response.status != 200:
                        raise SystemExit(f"{path}: HTTP {response.status if response else 'no response'}")
                    # (polled with evaluate: wait_for_function's string eval is refused by the CSP)
                    deadline = time.monotonic() + 10
                    while not tab.evaluate(PAINTED) and time.monotonic() < deadline:
                        time.sleep(0.05)
                    samples.append(tab.evaluate(MEASURE))
                    context.close()
                first = samples[0]
                fcps = [s["fcp_ms"] for s in samples if s["fcp_ms"] is not None]
                results[name] = {
                    "path": path,
                    "html_bytes": first["html"],
                    "css_bytes": first["css"],
                    "js_bytes": first["js"],
                    "total_bytes": first["html"] + first["css"] + first["js"],
                    "requests": first["requests"],
                    "first_contentful_paint_ms": round(statistics.median(fcps), 1) if fcps else None,
                }
        finally:
            browser.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3, help="loads per page (median first paint)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"Chromium is not at {CHROMIUM} (make test installs it)")
    with tempfile.TemporaryDirectory(prefix="coi-pages-") as state:
        stack = LocalStackProcess(Path(state))
        stack.start(seed_demo=True)
        try:
            demo = stack.endpoints["demo"]
            _wait_until_read(stack.api, demo)
            results = measure(stack.api, staff_pages(stack.api, demo), max(1, args.runs))
        finally:
            stack.stop()
    print(f"{'page':<24} {'HTML':>8} {'CSS':>7} {'JS':>7} {'total':>8} {'req':>4} {'FCP ms':>7}")
    for name, r in results.items():
        fcp = "n/a" if r["first_contentful_paint_ms"] is None else f"{r['first_contentful_paint_ms']:.0f}"
        print(
            f"{name:<24} {r['html_bytes']:>8,} {r['css_bytes']:>7,} {r['js_bytes']:>7,} "
            f"{r['total_bytes']:>8,} {r['requests']:>4} {fcp:>7}"
        )
    heaviest_name, heaviest = max(results.items(), key=lambda item: item[1]["total_bytes"])
    print(
        f"heaviest staff page: {heaviest_name} ({heaviest['path']}): {heaviest['total_bytes']:,} bytes "
        f"of HTML + CSS + JS, first contentful paint {heaviest['first_contentful_paint_ms']} ms "
        f"(median of {max(1, args.runs)} cold loads)"
    )
    if args.json:
        print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
