"""`quotes serve` in a real headless Chromium, against a real uvicorn server on this machine:
on the seed corpus (through the real model) and on an invented table of thousands of rows.
Search narrows and the address keeps its filters; a speaker page lays out its timeline and
pages through quotes; compare puts two speakers side by side by date; the statements page
shows the seed conflict; an article page highlights its quotes.

Set QUOTES_SCREENSHOTS to a folder to keep a screenshot of each page."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from quotes.web import create_app
from tests import invented_tables

pytestmark = pytest.mark.browser


@contextmanager
def _served(table: Path) -> Iterator[str]:
    """A uvicorn server on a free port of 127.0.0.1, serving `table`, for the block."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(table), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def large_site(tmp_path_factory) -> Iterator[str]:
    table = invented_tables.large(tmp_path_factory.mktemp("serve-large"))
    with _served(table) as url:
        yield url


@pytest.fixture(scope="module")
def seed_site(seed_table) -> Iterator[str]:
    with _served(seed_table) as url:
        yield url


def _shot(browser, name: str) -> None:
    folder = os.environ.get("QUOTES_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(Path(folder) / f"{name}.png"))


def _follow(browser, element, expected: str) -> None:
    """Click `element` and wait for the page whose address holds `expected` to load."""
    from selenium.webdriver.support.ui import WebDriverWait

    element.click()
    WebDriverWait(browser, 20).until(
        lambda d: (
            expected in d.current_url
            and d.execute_script("return document.readyState") == "complete"
        )
    )


def _total(browser) -> int:
    from selenium.webdriver.common.by import By

    return int(browser.find_element(By.ID, "total").text.split()[0])


def _visible(browser, css: str) -> list:
    from selenium.webdriver.common.by import By

    return [e for e in browser.find_elements(By.CSS_SELECTOR, css) if e.is_displayed()]


def test_search_narrows_and_the_address_keeps_the_filters(browser, large_site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(large_site + "/")
    everything = _total(browser)
    assert everything == 4000
    assert len(_visible(browser, "li.quote")) == 50
    browser.find_element(By.NAME, "q").send_keys("hôpitaux")
    browser.find_element(By.NAME, "who").send_keys("benali")
    Select(browser.find_element(By.NAME, "outlet")).select_by_visible_text("Journal 3")
    _follow(browser, browser.find_element(By.CSS_SELECTOR, "form.filters button"), "q=")
    narrowed = _total(browser)
    assert 0 < narrowed < everything / 10
    query = parse_qs(urlparse(browser.current_url).query)
    assert query["q"] == ["hôpitaux"] and query["who"] == ["benali"]
    assert query["outlet"] == ["Journal 3"]
    for item in _visible(browser, "li.quote"):
        assert "hôpital" in item.text and "Benali" in item.text and "Journal 3" in item.text
    _shot(browser, "search")
    # The shared address gives the same results, and its form shows the filters.
    shared = browser.current_url
    browser.get(large_site + "/speakers")
    browser.get(shared)
    assert _total(browser) == narrowed
    assert browser.find_element(By.NAME, "q").get_attribute("value") == "hôpitaux"


def test_speaker_page_lays_out_its_timeline_and_pages_through_quotes(browser, large_site):
    from selenium.webdriver.common.by import By

    browser.get(large_site + "/speakers")
    _follow(browser, browser.find_element(By.CSS_SELECTOR, "table.list tbody tr td a"), "/speaker/")
    chart = browser.find_element(By.CSS_SELECTOR, "figure.timeline svg")
    assert chart.size["width"] > 500 and chart.size["height"] > 100
    marks = _visible(browser, "figure.timeline rect.mark")
    assert len(marks) > 20
    assert all(m.size["height"] > 0 and m.size["width"] > 0 for m in marks)
    xs = [m.location["x"] for m in marks]
    assert max(xs) - min(xs) > 400  # spread over the dates, not piled up
    total = _total(browser)
    assert total > 50
    first_page = [e.text for e in _visible(browser, "li.quote")]
    _shot(browser, "speaker")
    _follow(browser, browser.find_element(By.CSS_SELECTOR, "nav.pager a[rel=next]"), "offset=50")
    second_page = [e.text for e in _visible(browser, "li.quote")]
    assert len(second_page) == 50 and not set(first_page) & set(second_page)
    # A bar of the timeline narrows the quotes to its dates.
    bar = browser.find_element(By.CSS_SELECTOR, "figure.timeline a")
    browser.get(
        large_site + browser.execute_script("return arguments[0].getAttribute('href')", bar)
    )
    assert 0 < _total(browser) < total
    assert "since=" in browser.current_url and "until=" in browser.current_url


def test_compare_shows_two_speakers_side_by_side_by_date(browser, large_site):
    from selenium.webdriver.common.by import By

    browser.get(large_site + "/compare?speaker=Jeanne+Dupont&speaker=Paul+Martin&q=budget")
    heads = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "table.compare thead th")]
    assert heads[0] == "date" and heads[1].startswith("Jeanne Dupont")
    assert heads[2].startswith("Paul Martin")
    lines = _visible(browser, "table.compare tr.day")
    assert len(lines) == 20
    dates = [line.find_element(By.TAG_NAME, "th").text for line in lines]
    assert dates == sorted(dates, reverse=True)
    both = 0
    for line in lines:
        cells = line.find_elements(By.TAG_NAME, "td")
        assert len(cells) == 2
        for cell in cells:
            assert all("budget" in q.text for q in cell.find_elements(By.CSS_SELECTOR, "li"))
        both += all(c.find_elements(By.CSS_SELECTOR, "li") for c in cells)
    left, right = (c.location["x"] for c in lines[0].find_elements(By.TAG_NAME, "td"))
    assert right > left + 200  # side by side, not stacked
    _shot(browser, "compare")


@pytest.mark.model
def test_the_seed_conflict_shows_both_speakers(browser, seed_site):
    from selenium.webdriver.common.by import By

    browser.get(seed_site + "/statements?conflicts=1")
    sections = _visible(browser, "section.statement")
    found = [s for s in sections if "jeter un pont vers l’adhésion à l’OTAN" in s.text]
    assert found, [s.text[:80] for s in sections]
    section = found[0]
    assert section.find_element(By.CSS_SELECTOR, ".conflict").is_displayed()
    speakers = {a.text for a in section.find_elements(By.CSS_SELECTOR, "a.who")}
    assert {"Mark Rutte", "Volodymyr Zelensky"} <= speakers
    _shot(browser, "statements")


@pytest.mark.model
def test_an_article_page_highlights_its_quotes(browser, seed_site):
    from selenium.webdriver.common.by import By

    browser.get(seed_site + "/api/speaker/mark-rutte")
    browser.get(seed_site + "/speaker/mark-rutte")
    link = browser.find_element(By.CSS_SELECTOR, "li.quote .meta a[href^='/article/']")
    browser.get(link.get_attribute("href"))
    marks = _visible(browser, ".text mark")
    rows = _visible(browser, "table.list tbody tr")
    assert len(marks) >= len(rows) > 3
    assert any(m.get_attribute("title") == "Mark Rutte" for m in marks)
    said = {s.text for s in _visible(browser, ".text sup.said")}
    assert "Mark Rutte" in said
    background = marks[0].value_of_css_property("background-color")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    _shot(browser, "article")


@pytest.mark.model
def test_seed_search_finds_a_quote_in_its_sentence(browser, seed_site):
    from selenium.webdriver.common.by import By

    browser.get(seed_site + "/?q=adh%C3%A9sion&who=zelensky")
    items = _visible(browser, "li.quote")
    assert items and _total(browser) == len(items)
    assert all(i.find_element(By.TAG_NAME, "mark").text for i in items)
    assert all("Volodymyr Zelensky" in i.text for i in items)
