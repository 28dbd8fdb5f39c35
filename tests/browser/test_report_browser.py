"""The HTML report in a real headless Chromium (Debian's chromium and chromedriver, which
`make test` installs when missing): the page loads with no network, every speaker section
and its chart render, and the speaker, outlet and words filters hide what they should."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from quotes import report
from quotes.statements import statement_ids

pytestmark = pytest.mark.browser


def _open(driver, page: Path, fragment: str = ""):
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(page.as_uri() + fragment)
    WebDriverWait(driver, 20).until(
        lambda d: d.execute_script("return document.body.dataset.ready") == "1"
    )


def _visible_sections(driver) -> list[str]:
    return driver.execute_script(
        "return [...document.querySelectorAll('section.speaker')]"
        ".filter(s => !s.hidden && s.offsetHeight > 0).map(s => s.dataset.speaker)"
    )


def _visible_quotes(driver) -> int:
    return driver.execute_script(
        "return [...document.querySelectorAll('li.quote')].filter(l => l.offsetHeight > 0).length"
    )


def _invented_table() -> tuple[pd.DataFrame, pd.DataFrame]:
    text = "Jeanne Dupont a dit « nous tiendrons bon ». Paul Martin a dit « jamais de la vie »."
    rows = [
        ("a", "2024-01-05", "Le Soir", "Jeanne Dupont", "jeanne-dupont", "nous tiendrons bon"),
        ("b", "2024-02-07", "Le Temps", "Jeanne Dupont", "jeanne-dupont", "nous tiendrons bon"),
        ("a", "2024-01-05", "Le Soir", "Paul Martin", "paul-martin", "jamais de la vie"),
    ]
    df = pd.DataFrame(rows, columns=["article", "date", "source", "speaker", "speaker_id", "quote"])
    df["date"] = pd.to_datetime(df["date"])
    df["kind"] = "direct"
    df["start"] = [text.index(q) for q in df["quote"]]
    df["end"] = df["start"] + df["quote"].str.len()
    df["title"] = None
    df["speaker_type"] = "person"
    df["speaker_gender"] = None
    df["statement_id"] = statement_ids(
        list(df["quote"]), [f"{a}:{s}" for a, s in zip(df["article"], df["start"], strict=True)]
    )
    articles = pd.DataFrame({"article": ["a", "b"], "text": [text, text], "url": [None, None]})
    return df, articles


@pytest.mark.model
def test_seed_report_loads_with_every_section_and_chart(browser, seed_table, tmp_path):
    import quotes

    df = quotes.load(seed_table)
    page = tmp_path / "report.html"
    page.write_text(
        report.build(df, quotes.load_articles(seed_table.with_name("articles.parquet"))),
        encoding="utf-8",
    )
    _open(browser, page)
    assert sorted(_visible_sections(browser)) == sorted(set(df["speaker_id"].dropna().astype(str)))
    sizes = browser.execute_script(
        "return [...document.querySelectorAll('svg.timeline')].map(s => s.dataset.rendered)"
    )
    assert sizes and all(int(s.split("x")[0]) > 300 and int(s.split("x")[1]) > 40 for s in sizes)
    dots = browser.execute_script(
        "return [...document.querySelectorAll('svg.timeline circle')]"
        ".filter(c => c.getBoundingClientRect().width > 0).length"
    )
    assert dots >= len(sizes)
    assert _visible_quotes(browser) == len(df[df["speaker_id"].notna()])
    browser.save_screenshot(str(tmp_path / "report.png"))


def test_filters_hide_other_speakers_and_outlets(browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    df, articles = _invented_table()
    page = tmp_path / "report.html"
    page.write_text(report.build(df, articles), encoding="utf-8")
    _open(browser, page)
    assert sorted(_visible_sections(browser)) == ["jeanne-dupont", "paul-martin"]
    assert _visible_quotes(browser) == 3
    Select(browser.find_element(By.ID, "f-speaker")).select_by_value("jeanne-dupont")
    assert _visible_sections(browser) == ["jeanne-dupont"]
    assert _visible_quotes(browser) == 2
    Select(browser.find_element(By.ID, "f-outlet")).select_by_value("Le Temps")
    assert _visible_quotes(browser) == 1
    assert (
        browser.execute_script("return location.hash") == "#speaker=jeanne-dupont&outlet=Le%20Temps"
    )
    Select(browser.find_element(By.ID, "f-speaker")).select_by_value("")
    Select(browser.find_element(By.ID, "f-outlet")).select_by_value("")
    browser.find_element(By.ID, "f-text").send_keys("jamais")
    assert _visible_sections(browser) == ["paul-martin"]
    # The conflicting statement: one statement, two articles, one speaker: no conflict shown.
    assert (
        "No statement is attributed"
        in browser.find_element(By.ID, "conflicts")
        .find_element(By.XPATH, "following-sibling::p")
        .text
    )


@pytest.mark.model
def test_the_speaker_filter_keeps_that_speaker_s_conflicts(browser, seed_table, tmp_path):
    import quotes

    page = tmp_path / "report.html"
    page.write_text(report.build(quotes.load(seed_table), None), encoding="utf-8")
    count = "return [...document.querySelectorAll('div.conflict')].filter(d => !d.hidden).length"
    from selenium.webdriver.support.ui import WebDriverWait

    _open(browser, page, "#speaker=mark-rutte")
    assert browser.execute_script(count) == 1
    # A new address on the open page (no reload) applies its filter too.
    browser.get(page.as_uri() + "#speaker=jens-stoltenberg")
    WebDriverWait(browser, 10).until(lambda d: d.execute_script(count) == 0)
    assert _visible_sections(browser) == ["jens-stoltenberg"]


def test_a_shared_address_opens_the_filtered_view(browser, tmp_path):
    df, articles = _invented_table()
    page = tmp_path / "report.html"
    page.write_text(report.build(df, articles), encoding="utf-8")
    _open(browser, page, "#speaker=paul-martin")
    assert _visible_sections(browser) == ["paul-martin"]
