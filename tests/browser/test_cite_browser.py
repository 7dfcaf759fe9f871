""" "Cite this" in Chromium: the words under the map carry the page's link, and the button copies
the link at the date shown, on a phone and a desktop."""

from __future__ import annotations

import pytest

from tests.browser.harness import Blocked, open_context, screenshot, wait_idle

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1400, "height": 1000}}


@pytest.mark.parametrize("size", list(SIZES))
def test_copy_link_copies_the_link_at_the_date_shown(browser, app_url: str, size: str) -> None:
    blocked = Blocked()
    context = open_context(browser, app_url, blocked, viewport=SIZES[size])
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
    page = context.new_page()
    try:
        page.goto(app_url + "/?date=2026-01-06")
        wait_idle(page)
        link = f"{app_url}/?date=2026-01-06"
        cite = page.get_by_text("Measured by frontline")
        cite.wait_for(timeout=60_000)
        assert "snapshot of 2026-01-06" in cite.inner_text()
        assert link in cite.inner_text()
        button = page.frame_locator("iframe[src*='cite.html']").get_by_role(
            "button", name="Copy link", exact=True
        )
        button.scroll_into_view_if_needed()
        button.click()
        page.frame_locator("iframe[src*='cite.html']").get_by_text("Link copied").wait_for()
        assert page.evaluate("navigator.clipboard.readText()") == link
        screenshot(page, f"cite-{size}")
        assert blocked.urls == []
    finally:
        context.close()
