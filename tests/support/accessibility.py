"""Accessibility checks in a real browser: the vendored axe-core, sideways scrolling, headings,
and a crawler that finds every page a signed-in user can reach by following links."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qsl, urlsplit

from playwright.sync_api import Page

# The vendored axe-core (webapp/static/vendor), as the app serves it.
AXE_URL = "/static/vendor/axe-core/axe.min.js"
# WCAG 2.0 and 2.1, levels A and AA; axe's best practices are advisory, not the bar.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
# Links that do not lead to an HTML page of the app.
NOT_PAGES = re.compile(r"/(download|logout|api|static)(/|$)|/lang/|/docx$|/redline")


def axe_violations(page: Page) -> list[str]:
    """One line per serious or critical axe violation on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # From the app's own static folder: the Content-Security-Policy refuses inline scripts.
        page.add_script_tag(url=AXE_URL)
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in result["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def sideways_overflow(page: Page) -> int:
    """How many CSS pixels the page scrolls sideways (0 when it does not)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def page_kind(url: str) -> str:
    """Pages that differ only in ids and query values are the same template: check one each."""
    parts = urlsplit(url)
    keys = ",".join(sorted({key for key, _ in parse_qsl(parts.query)}))
    return re.sub(r"\d+", "N", parts.path) + (f"?{keys}" if keys else "")


def crawl(page: Page, base_url: str, start: str = "/") -> Iterator[str]:
    """Visit every kind of page reachable from `start` by links; yields each URL once the page
    has loaded, so the caller can check it."""
    queue = [base_url + start]
    seen_kinds: set[str] = set()
    while queue:
        url = queue.pop(0)
        kind = page_kind(url)
        if kind in seen_kinds:
            continue
        seen_kinds.add(kind)
        response = page.goto(url)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        yield url
        for href in page.eval_on_selector_all(
            "a[href]:not([download])", "links => links.map(link => link.href)"
        ):
            href = href.split("#", 1)[0]
            if href.startswith(base_url) and not NOT_PAGES.search(urlsplit(href).path):
                queue.append(href)
