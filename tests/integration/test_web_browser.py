"""The newsroom page in a real browser: Debian's chromium, driven through chromedriver by
Selenium (explicit driver path: Selenium Manager never runs, nothing is downloaded),
against the session's pipeline (ingest → extract → index → search API, real broker and
search server) holding the seed articles.

Screenshots go to ``QW_TEST_ARTIFACTS`` (default ``.artifacts/browser``, git-ignored).
Without chromium and chromedriver the module skips and says how to install them
(``.ci/run`` installs them, so CI runs these tests).
"""

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("QW_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("QW_CHROMEDRIVER", "/usr/bin/chromedriver"))
ARTIFACTS = Path(os.environ.get("QW_TEST_ARTIFACTS", REPO / ".artifacts")) / "browser"
SEED_ID = next((REPO / "seeds").glob("000_*.txt")).stem
WAIT_S = 20.0


def _missing_browser() -> str | None:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.is_file()]
    if missing:
        return (
            f"no browser: {', '.join(missing)} not installed "
            "(apt-get install chromium chromium-driver; .ci/run does this)"
        )
    return None


pytestmark = [
    pytest.mark.integration,
    pytest.mark.browser,
    pytest.mark.skipif(_missing_browser() is not None, reason=_missing_browser() or ""),
]


# --- fixtures ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def driver() -> Iterator:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    profile = ARTIFACTS / "profile"
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--window-size=1280,1000",
    ):
        options.add_argument(flag)
    service = Service(
        executable_path=str(CHROMEDRIVER), log_output=str(ARTIFACTS / "chromedriver.log")
    )
    browser = webdriver.Chrome(service=service, options=options)
    browser.set_page_load_timeout(30)
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture(scope="module")
def site(seeded_pipeline) -> str:
    return seeded_pipeline["search"]


@pytest.fixture
def page(driver, site):
    """page(route, width=1280, height=1000): open ``/#/route`` freshly; returns the driver."""

    def open_(route: str = "", width: int = 1280, height: int = 1000):
        driver.set_window_size(width, height)
        driver.get("about:blank")
        driver.get(f"{site}/#/{route}")
        return driver

    return open_


def wait_for(driver, condition, what: str, timeout_s: float = WAIT_S):
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # IndexError: a condition that reads css(...)[0] before the element is rendered
    ignored = [StaleElementReferenceException, IndexError]
    return WebDriverWait(driver, timeout_s, ignored_exceptions=ignored).until(
        lambda d: condition(d), message=f"timed out waiting for {what}"
    )


def css(driver, selector: str):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, selector)


def shot(driver, name: str) -> Path:
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def full_page_shot(driver, name: str, width: int = 1280) -> Path:
    """The whole page, not just the window: the window grown to the page height."""
    height, chrome = driver.execute_script(
        "return [document.documentElement.scrollHeight, window.outerHeight - window.innerHeight]"
    )
    driver.set_window_size(width, min(max(height + chrome, 600), 4000))
    return shot(driver, name)


def results_of(driver) -> list:
    return wait_for(driver, lambda d: css(d, "#results-heading") and css(d, "li.hit"), "results")


# --- tests -------------------------------------------------------------------------------


def test_search_false_information_highlights_peskov(page):
    driver = page("")
    from selenium.webdriver.common.keys import Keys

    box = wait_for(driver, lambda d: css(d, "#q"), "the search box")[0]
    box.send_keys("false information", Keys.ENTER)
    wait_for(driver, lambda d: "#/search?q=false+information" in d.current_url, "the URL")
    wait_for(driver, lambda d: "found" in css(d, "#results-heading")[0].text, "result count")

    def peskov_hits(d):
        return [
            h
            for h in results_of(d)
            if css(h, "a.speaker-name")[0].text == "Dmitry Peskov" and "false information" in h.text
        ]

    try:
        peskov = wait_for(driver, peskov_hits, "Peskov's statement among the hits")
    except Exception as exc:  # say what was there instead
        raise AssertionError([h.text for h in results_of(driver)]) from exc
    marked = [m.text.lower() for m in css(peskov[0], "blockquote mark")]
    assert "false" in marked and "information" in marked, marked
    assert "mixed" in peskov[0].text and "told journalists" in peskov[0].text
    article_link = next(a for a in css(peskov[0], "a") if "In the article" in a.text)
    assert "#/article/" in article_link.get_attribute(
        "href"
    ) and "?s=" in article_link.get_attribute("href")
    # every form control has a label; the speaker facet counts the hit
    assert driver.execute_script(
        "return [...document.querySelectorAll('input, select')].every(e => e.labels.length > 0)"
    )
    assert "Dmitry Peskov" in css(driver, "aside")[0].text
    shot(driver, "search")


def test_speaker_page_of_dmitry_peskov(page):
    driver = page("speaker/" + quote("Dmitry Peskov"))
    wait_for(driver, lambda d: css(d, "section h2") and css(d, "ol.hits li"), "the speaker page")
    assert css(driver, "h1")[0].text == "Dmitry Peskov"
    summary = css(driver, ".summary")[0].text
    assert "person" in summary and "first quoted 2024-11-11" in summary
    sections = {s.find_element("css selector", "h2").text: s for s in css(driver, "main section")}
    assert {"Statements over time", "Quoted by", "Written as", "Latest statements"} <= set(sections)
    bars = css(sections["Statements over time"], "svg rect.bar")
    assert len(bars) >= 1 and float(bars[0].get_attribute("height")) > 0
    assert "AFP" in sections["Quoted by"].text
    assert "Dmitry Peskov" in sections["Written as"].text
    latest = sections["Latest statements"].text
    assert "simply false information" in latest
    # the registry's sections: the role he was written with, found by a search link
    assert "Kremlin spokesman" in (sections.get("Also named") or sections["Roles"]).text
    full_page_shot(driver, "speaker")


def test_quotes_page_of_a_speaker_reached_from_the_speaker_page(page):
    driver = page("speaker/" + quote("Dmitry Peskov"))
    link = wait_for(
        driver,
        lambda d: [a for a in css(d, ".summary a") if "quotes" in a.text],
        "the link to the quotes",
    )[0]
    link.click()
    wait_for(driver, lambda d: css(d, "ol.quotes blockquote"), "the quote clusters")
    assert css(driver, "h1")[0].text == "Quotes of Dmitry Peskov"
    quotes = " ".join(b.text for b in css(driver, "ol.quotes blockquote"))
    assert "simply false information" in quotes
    meta = css(driver, "ol.quotes .meta")[0]
    assert (
        "first: " in meta.text and meta.find_element("css selector", "a").text == "in its article"
    )


def test_article_view_attributes_the_zelensky_he_statement(page):
    driver = page("article/" + SEED_ID)
    wait_for(driver, lambda d: css(d, "#article-text mark.stmt"), "the article text")
    assert css(driver, "h1")[0].text == "Kremlin denies Putin and Trump spoke on phone"
    ceding = [m for m in css(driver, "#article-text mark.stmt") if "Ceding land" in m.text]
    assert ceding, "the Zelensky statement is not highlighted"
    sid = ceding[0].get_attribute("data-statement-id")
    who = css(driver, f'#article-text .who[data-statement-id="{sid}"]')
    assert [w.text for w in who] == ["he"]
    label = css(driver, f'#article-text .attr[data-statement-id="{sid}"]')[0].text
    assert "Volodymyr Zelensky" in label and "“he”" in label, label
    # the mixed statement keeps its quoted fragment inside the highlight, cue marked
    peskov = [m for m in css(driver, "mark.stmt.mixed") if "simply false information" in m.text]
    assert peskov
    side = css(driver, "aside.side")[0].text
    assert "Volodymyr Zelensky" in side and side.count("Statements (") == 1
    full_page_shot(driver, "article")

    # a shared link to one statement opens the article on it, highlighted and focused
    driver = page(f"article/{SEED_ID}?s={sid}")
    wait_for(driver, lambda d: css(d, "mark.stmt.current"), "the current statement")
    focused = driver.switch_to.active_element
    assert focused.get_attribute("data-statement-id") == sid
    assert "Ceding land" in focused.text


def test_filters_suggest_speakers_and_outlets_and_the_url_restores_them(page):
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    driver = page("")
    speaker = wait_for(driver, lambda d: css(d, "#speaker"), "the speaker filter")[0]
    speaker.send_keys("pesk")
    wait_for(
        driver,
        lambda d: (
            "Dmitry Peskov" in [o.get_attribute("value") for o in css(d, "#speaker-list option")]
        ),
        "speaker suggestions",
    )
    wait_for(
        driver,
        lambda d: "AFP" in [o.get_attribute("value") for o in css(d, "#outlet-list option")],
        "outlet suggestions",
    )
    speaker.clear()
    speaker.send_keys("Dmitry Peskov")
    css(driver, "#source")[0].send_keys("AFP")
    Select(css(driver, "#type")[0]).select_by_value("mixed")
    css(driver, "#q")[0].send_keys("information", Keys.ENTER)
    wait_for(
        driver,
        lambda d: any("found" in e.text for e in css(d, "#results-heading")),
        "filtered results",
    )
    url = driver.current_url
    assert all(
        p in url for p in ("q=information", "speaker=Dmitry+Peskov", "source=AFP", "type=mixed")
    )
    hits = results_of(driver)
    assert all("Dmitry Peskov" in h.text and "AFP" in h.text and "mixed" in h.text for h in hits)

    # the URL alone brings back the same view: filters filled in, same results
    driver.get("about:blank")
    driver.get(url)
    wait_for(
        driver,
        lambda d: css(d, "li.hit") and css(d, "#source")[0].get_attribute("value") == "AFP",
        "the restored search",
    )
    assert Select(css(driver, "#type")[0]).first_selected_option.text == "mixed"
    assert len(results_of(driver)) == len(hits)


def test_unknown_article_says_so(page):
    driver = page("article/no-such-article")
    alert = wait_for(driver, lambda d: css(d, '[role="alert"]'), "the error message")[0]
    assert "404" in alert.text and "no-such-article" in alert.text


def _tab_until(driver, predicate, what: str, limit: int = 25):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    for _ in range(limit):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        if predicate(driver.switch_to.active_element):
            return driver.switch_to.active_element
    raise AssertionError(f"{what} not reached with {limit} presses of Tab")


def test_search_by_keyboard_only(page):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    driver = page("")
    wait_for(driver, lambda d: css(d, "#q") and css(d, "li.hit"), "the search page")
    # Tab from the top: the skip link comes first, then the box is reachable
    first = _tab_until(driver, lambda el: True, "anything")
    assert first.text == "Skip to content"
    box = _tab_until(driver, lambda el: el.get_attribute("id") == "q", "the search box")
    assert (
        driver.execute_script("return getComputedStyle(arguments[0]).outlineStyle", box) != "none"
    )
    ActionChains(driver).send_keys("ceding land", Keys.ENTER).perform()
    # results announced and the focus moved to their heading
    wait_for(
        driver,
        lambda d: (
            d.switch_to.active_element.get_attribute("id") == "results-heading"
            and "found" in d.switch_to.active_element.text
        ),
        "focus on the results",
    )
    wait_for(
        driver,
        lambda d: "statement" in css(d, "#status")[0].get_attribute("textContent"),
        "the live-region announcement",
    )
    speaker = _tab_until(driver, lambda el: el.tag_name == "a", "the first result's link")
    assert speaker.text == "Volodymyr Zelensky"
    assert (
        driver.execute_script("return getComputedStyle(arguments[0]).outlineStyle", speaker)
        == "solid"
    )
    link = _tab_until(driver, lambda el: "In the article" in el.text, "the article link", limit=3)
    shot(driver, "keyboard-focus")
    link.send_keys(Keys.ENTER)
    wait_for(driver, lambda d: css(d, "mark.stmt.current"), "the article view")
    assert "Ceding land" in driver.switch_to.active_element.text
    # "/" brings a keyboard user back to the search box from anywhere on the search page
    driver.back()
    wait_for(driver, lambda d: css(d, "#q") and css(d, "li.hit"), "the search page again")
    ActionChains(driver).send_keys("/").perform()
    assert driver.switch_to.active_element.get_attribute("id") == "q"


def test_phone_width_has_no_sideways_scrolling(page):
    for route, name in (("search?q=said", "phone-search"), (f"article/{SEED_ID}", "phone-article")):
        driver = page(route, width=390, height=844)
        wait_for(driver, lambda d: css(d, "li.hit, #article-text mark"), route)
        overflow = driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{route}: {overflow}px wider than a phone screen"
        shot(driver, name)


def test_api_docs_render_offline(driver, site):
    driver.get(f"{site}/docs")
    title = wait_for(driver, lambda d: css(d, ".swagger-ui .info .title"), "Swagger UI")[0]
    assert "quotewire search" in title.text
    assert wait_for(driver, lambda d: css(d, ".opblock-summary-path"), "the operations")
    paths = {e.get_attribute("data-path") for e in css(driver, ".opblock-summary-path")}
    assert {"/v1/statements", "/v1/articles/{article_id}", "/v1/speakers/{name}"} <= paths
