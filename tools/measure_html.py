"""Measure web-page article extraction on the pages in tests/fixtures/pages/.

    .venv/bin/python tools/measure_html.py                           # quotewire (trafilatura)
    uv run --with readability-lxml python tools/measure_html.py      # + readability-lxml

For each page, ``expected.json`` lists phrases of the story (each must be in the body)
and of the page chrome (none may be). Prints, per extractor: story phrases kept,
chrome phrases leaked, and the time per page (median of 20 runs, same process).
"""

import json
import statistics
import sys
import time
from pathlib import Path

from quotewire_ingest.html_text import decode_html, html_to_text, page_to_article

PAGES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "pages"


def quotewire(markup: str) -> str:
    return page_to_article(markup).body


def readability(markup: str) -> str:
    from readability import Document

    return html_to_text(Document(markup).summary(html_partial=True))


def trafilatura_alone(markup: str) -> str:
    import trafilatura

    return trafilatura.extract(markup, include_comments=False, include_tables=False) or ""


def readability_alone(markup: str) -> str:
    from lxml import html as lxml_html
    from readability import Document

    return lxml_html.fromstring(Document(markup).summary(html_partial=True)).text_content()


def main() -> int:
    expected = json.loads((PAGES / "expected.json").read_text())
    extractors = {
        "trafilatura alone": trafilatura_alone,
        "quotewire (trafilatura + lxml walk)": quotewire,
    }
    try:
        import readability as _

        extractors["readability-lxml alone"] = readability_alone
        extractors["readability-lxml + lxml walk"] = readability
    except ImportError:
        print("readability-lxml not installed: measuring quotewire only", file=sys.stderr)
    for name, fn in extractors.items():
        kept = total_kept = leaked = total_chrome = 0
        times = []
        for page, want in expected.items():
            markup = decode_html((PAGES / page).read_bytes())
            body = fn(markup)
            hits = [p for p in want["body"] if p in body]
            leaks = [p for p in want["chrome"] if p in body]
            kept += len(hits)
            total_kept += len(want["body"])
            leaked += len(leaks)
            total_chrome += len(want["chrome"])
            runs = []
            for _ in range(20):
                t = time.perf_counter()
                fn(markup)
                runs.append(time.perf_counter() - t)
            times.append(statistics.median(runs))
            missing = sorted(set(want["body"]) - set(hits))
            print(f"  {name:38} {page:18} missing={missing} leaked={leaks}")
        print(
            f"{name}: story phrases kept {kept}/{total_kept}, chrome leaked "
            f"{leaked}/{total_chrome}, median {1000 * statistics.mean(times):.1f} ms/page"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
