"""The sidebar's date in Chromium: history, typed dates, gap days, and header with figures."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from frontline.present.escaping import WORD_JOINER
from tests.browser.harness import wait_idle

DATE_BOX = "Date"


def open_page(page, url: str) -> None:
    page.goto(url)
    wait_idle(page)


def settle(page) -> None:
    """Wait for the rerun a change starts, then for its end."""
    page.wait_for_timeout(100)
    wait_idle(page)


def date_box(page):
    return page.get_by_test_id("stSidebar").get_by_role("textbox", name=DATE_BOX, exact=True)


def type_date(page, text: str) -> None:
    box = date_box(page)
    box.fill(text)
    box.press("Enter")
    settle(page)


def slide(page, key: str) -> None:
    page.get_by_test_id("stSidebar").get_by_role("slider").press(key)
    settle(page)


def header(page):
    return page.get_by_test_id("stMain").get_by_text("Showing").first


@pytest.mark.parametrize("path", ["/", "/timeline", "/sources"])
def test_back_and_forward_move_between_the_dates_viewed(page, app_url: str, path: str) -> None:
    open_page(page, f"{app_url}{path}?date=2026-01-06")
    slide(page, "Home")  # the first snapshot of the test store
    type_date(page, "2025-12-20")
    expect(page).to_have_url(f"{app_url}{path}?date=2025-12-20")
    for move, shown in [
        (page.go_back, "2024-07-08"),
        (page.go_back, "2026-01-06"),
        (page.go_forward, "2024-07-08"),
        (page.go_forward, "2025-12-20"),
    ]:
        move()
        settle(page)
        expect(page).to_have_url(f"{app_url}{path}?date={shown}")
        expect(date_box(page)).to_have_value(shown)
        slider = page.get_by_test_id("stSidebar").get_by_role("slider")
        expect(slider).to_have_attribute("aria-valuetext", shown)
        if path == "/":
            expect(header(page)).to_contain_text(f"Showing {shown}")


def test_the_date_travels_with_the_links_between_pages(page, app_url: str) -> None:
    open_page(page, f"{app_url}/?date=2025-12-20")
    page.get_by_test_id("stSidebar").get_by_role("link", name="Timeline").click()
    page.wait_for_url(f"{app_url}/timeline?date=2025-12-20")
    settle(page)
    expect(date_box(page)).to_have_value("2025-12-20")
    page.go_back()
    settle(page)
    expect(page).to_have_url(f"{app_url}/?date=2025-12-20")
    expect(header(page)).to_contain_text("Showing 2025-12-20")


def test_enter_applies_a_typed_date(page, app_url: str) -> None:
    open_page(page, f"{app_url}/?date=2026-01-06")
    type_date(page, "2025-12-24")
    expect(page).to_have_url(f"{app_url}/?date=2025-12-24")
    expect(header(page)).to_contain_text("Showing 2025-12-24")
    expect(page.locator(".frontline-shares .value").first).to_contain_text("%")


def test_a_typed_date_outside_the_archive_gets_the_same_notice_as_in_the_url(
    page, app_url: str
) -> None:
    open_page(page, f"{app_url}/?date=2030-01-01")
    from_url = page.get_by_test_id("stMain").get_by_test_id("stAlert").inner_text()
    open_page(page, f"{app_url}/?date=2026-01-06")
    type_date(page, "2030-01-01")
    typed = page.get_by_test_id("stMain").get_by_test_id("stAlert")
    expect(typed).to_have_text(from_url)
    assert "after the last snapshot" in from_url
    expect(header(page)).to_contain_text("snapshot of 2026-01-12")
    expect(date_box(page)).to_have_value("2030-01-01")


def test_typed_markdown_is_echoed_as_plain_text(page, app_url: str) -> None:
    typed = "**bold** _it_ [a](http://e.org) :smile: `code` <b>x</b> $x$ www.e.org me@e.org"
    open_page(page, app_url)
    type_date(page, typed)
    alert = page.get_by_test_id("stSidebar").get_by_test_id("stAlert")
    expect(alert).to_contain_text("is not a date")
    # What the reader sees is what was typed; word joiners (U+2060) are invisible.
    assert f"'{typed}' is not a date" in alert.inner_text().replace(WORD_JOINER, "")
    assert alert.locator("strong, em, a, code, b, .katex, img").count() == 0


def test_a_gap_day_stays_in_the_url_and_keeps_its_notice_on_reload(page, app_url: str) -> None:
    # The test store has no snapshot between 2024-07-08 and 2025-12-01.
    for _ in range(2):
        open_page(page, f"{app_url}/?date=2025-03-31")
        expect(page).to_have_url(f"{app_url}/?date=2025-03-31")
        notice = page.get_by_test_id("stMain").get_by_test_id("stAlert")
        expect(notice).to_contain_text("No snapshot for 2025-03-31")
        expect(header(page)).to_have_text(
            "Showing 2025-03-31 · DeepStateMap snapshot of 2024-07-08"
        )
        page.reload()


# Records, at every change of the page, the header's date and the two shares on screen.
WATCH = """() => {
  window.seen = [];
  const look = () => {
    const main = document.querySelector('[data-testid=stMain]');
    const head = [...main.querySelectorAll('p')].find(p => p.innerText.startsWith('Showing'));
    const shares = [...main.querySelectorAll('.frontline-shares .value')].map(m => m.innerText);
    window.seen.push([head ? head.innerText : '', shares.join(' ')]);
  };
  new MutationObserver(look).observe(document.body, {subtree: true, childList: true,
                                                     characterData: true});
}"""


def test_the_header_and_the_figures_never_show_different_dates(page, app_url: str) -> None:
    open_page(page, f"{app_url}/?date=2026-01-06")
    settled = set()

    def now() -> tuple[str, str]:
        expect(page.locator(".frontline-shares .value")).to_have_count(2)
        shares = page.locator(".frontline-shares .value").all_inner_texts()
        return header(page).inner_text(), " ".join(shares)

    settled.add(now())
    page.evaluate(WATCH)
    for key, day in [("Home", "2024-07-08"), ("End", "2026-01-12")] * 2:
        slide(page, key)
        expect(header(page)).to_contain_text(f"Showing {day}")
        wait_idle(page)
        settled.add(now())
    seen = {tuple(pair) for pair in page.evaluate("window.seen") if pair[0] and pair[1]}
    assert len(settled) == 3  # 2026-01-06, the first and the last snapshot
    assert seen <= settled, (seen - settled, settled)


@pytest.mark.parametrize("typed", ["06.01.2026", "2026-1-6", "6 January 2026", "January 6, 2026"])
def test_enter_applies_a_date_typed_the_way_people_write_it(page, app_url: str, typed: str) -> None:
    open_page(page, f"{app_url}/?date=2025-12-20")
    type_date(page, typed)
    expect(page).to_have_url(f"{app_url}/?date=2026-01-06")
    expect(header(page)).to_contain_text("Showing 2026-01-06")
    expect(date_box(page)).to_have_value("2026-01-06")


def test_an_unreadable_date_keeps_the_date_the_page_had_and_says_so(page, app_url: str) -> None:
    open_page(page, f"{app_url}/?date=2025-12-20")
    entries = page.evaluate("history.length")
    type_date(page, "31.02.2026")
    alert = page.get_by_test_id("stSidebar").get_by_test_id("stAlert")
    expect(alert).to_contain_text("is not a date on the calendar")
    expect(alert).to_contain_text("Still showing 2025-12-20")
    expect(page).to_have_url(f"{app_url}/?date=2025-12-20")
    expect(header(page)).to_contain_text("Showing 2025-12-20")
    expect(date_box(page)).to_have_value("2025-12-20")
    assert page.evaluate("history.length") == entries


def test_the_calendar_beside_the_box_picks_a_date(page, app_url: str) -> None:
    open_page(page, f"{app_url}/?date=2025-12-20")
    sidebar = page.get_by_test_id("stSidebar")
    popover = page.get_by_test_id("stPopoverBody")
    # A click that lands while the page is still rerunning can leave the popover shut: click again.
    for _ in range(3):
        sidebar.get_by_test_id("stPopover").get_by_role("button").click()
        try:
            popover.wait_for(state="visible", timeout=5000)
            break
        except PlaywrightTimeout:
            settle(page)
    popover.get_by_role("button", name="Choose date", exact=True).click()
    page.get_by_role("grid").get_by_role(
        "button", name="Wednesday, December 24, 2025", exact=True
    ).click()
    settle(page)
    expect(page).to_have_url(f"{app_url}/?date=2025-12-24")
    expect(header(page)).to_contain_text("Showing 2025-12-24")


@pytest.mark.parametrize(("box", "param"), [("From", "from"), ("To", "to")])
def test_enter_applies_the_compare_pages_from_and_to(
    page, app_url: str, box: str, param: str
) -> None:
    open_page(page, f"{app_url}/compare?from=2025-12-01&to=2026-01-06")
    field = page.get_by_test_id("stMain").get_by_role("textbox", name=box, exact=True)
    field.fill("20.12.2025")
    field.press("Enter")
    settle(page)
    expect(page).to_have_url(re.compile(rf"[?&]{param}=2025-12-20"))
    expect(page.get_by_test_id("stMain").get_by_text("Snapshots of").first).to_contain_text(
        "2025-12-20"
    )
    expect(field).to_have_value("2025-12-20")


def test_an_unreadable_compare_date_keeps_the_pair_and_says_so(page, app_url: str) -> None:
    shared = f"{app_url}/compare?from=2025-12-01&to=2026-01-06"
    open_page(page, shared)
    field = page.get_by_test_id("stMain").get_by_role("textbox", name="From", exact=True)
    field.fill("2025-13-40")
    field.press("Enter")
    settle(page)
    alert = page.get_by_test_id("stMain").get_by_test_id("stAlert").first
    expect(alert).to_contain_text("Still showing 2025-12-01")
    expect(page).to_have_url(shared)
    expect(field).to_have_value("2025-12-01")
