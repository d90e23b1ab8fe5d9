"""Public pages stay light for a phone on a slow connection: at most 170 KB each, nothing holding up the first paint.

Each page is opened in a fresh browser (nothing cached), as a first visit is, and every
request it makes is counted as sent over the wire (compressed bodies and headers).
"""

import pytest

pytestmark = [pytest.mark.browser]

MAX_PAGE_BYTES = 170 * 1024


def public_pages(consultation) -> list[str]:
    base = f"/consultations/{consultation.slug}/"
    return [
        "/",
        base,
        base + "respond/who/",
        base + "published/",
        "/centres/",
        "/privacy/",
        "/accessibility/",
    ]


def bytes_transferred(browser, live_site, path: str) -> tuple[int, list[str]]:
    context = browser.new_context(base_url=live_site.url)
    try:
        page = context.new_page()
        requests = []
        page.on("requestfinished", lambda request: requests.append(request))
        page.goto(path, wait_until="networkidle")
        total, lines = 0, []
        for request in requests:
            sizes = request.sizes()
            size = sizes["responseBodySize"] + sizes["responseHeadersSize"] + sizes["requestHeadersSize"]
            total += size
            lines.append(f"{size:>8} {request.url}")
        return total, lines
    finally:
        context.close()


def test_every_public_page_transfers_at_most_170_kb_on_a_first_visit(
    browser, live_site, transactional_db, demo_consultation
):
    too_heavy = {}
    for path in public_pages(demo_consultation):
        total, lines = bytes_transferred(browser, live_site, path)
        assert total > 5_000, f"{path} seems not to have loaded: {lines}"
        if total > MAX_PAGE_BYTES:
            too_heavy[path] = (total, lines)
    assert too_heavy == {}


def test_no_script_holds_up_the_first_paint(page, transactional_db, demo_consultation):
    for path in public_pages(demo_consultation):
        page.goto(path)
        blocking = page.eval_on_selector_all(
            "script",
            "scripts => scripts.filter(s => s.type !== 'module' && !s.defer && !s.async).map(s => s.src || 'inline')",
        )
        assert blocking == [], path
