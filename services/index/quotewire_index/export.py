"""Export: every matching statement, streamed (no 10,000-hit cap).

Pages of :data:`PAGE` hits sorted by (``published``, ``statement_id``) and read with
``search_after``, inside a point in time where the server has Elasticsearch's
``_pit`` (a consistent snapshot while the export runs). The local stand-in has no
``_pit``; there the export reads the live index with the same sort, which still
visits each statement once (the sort key is unique). Repeats within an article are
left out unless ``collapse`` is off (the same rule as the search).
"""

import csv
import io
import json
import logging
from collections.abc import Iterator
from typing import Any

from elasticsearch import ApiError, Elasticsearch

from quotewire_index.query import StatementSearch, build_statements_search

log = logging.getLogger("quotewire_index.export")
PAGE = 2_000
COLUMNS = [
    "statement_id",
    "speaker",
    "speaker_canonical",
    "speaker_id",
    "speaker_type",
    "content",
    "type",
    "cue",
    "confidence",
    "source",
    "url",
    "published",
    "title",
    "article_id",
    "article_version",
    "quote_id",
    "speaker_start",
    "speaker_end",
    "cue_start",
    "cue_end",
    "content_start",
    "content_end",
    "mentions",
    "co_speakers",
]
SORT = [
    {"published": {"order": "asc", "missing": "_last"}},
    {"statement_id": {"order": "asc"}},
]


def _open_pit(es: Elasticsearch, index: str) -> str | None:
    try:
        return es.open_point_in_time(index=index, keep_alive="2m").body["id"]
    except ApiError as exc:
        log.info("no point in time on this server; exporting the live index (%s)", exc.error)
        return None


def export_rows(es: Elasticsearch, index: str, params: StatementSearch) -> Iterator[dict]:
    query = build_statements_search(params)["query"]
    pit = _open_pit(es, index)
    after: list[Any] | None = None
    seen: set[str] = set()
    try:
        while True:
            kwargs: dict[str, Any] = {
                "query": query,
                "size": PAGE,
                "sort": SORT,
                "source": COLUMNS + ["repeat_key"],
            }
            if pit:
                kwargs["pit"] = {"id": pit, "keep_alive": "2m"}
            else:
                kwargs["index"] = index
            if after is not None:
                kwargs["search_after"] = after
            resp = es.search(**kwargs).body
            pit = resp.get("pit_id", pit)
            hits = resp["hits"]["hits"]
            if not hits:
                return
            for hit in hits:
                src = hit["_source"]
                key = src.pop("repeat_key", None)
                if params.collapse and key:
                    if key in seen:
                        continue
                    seen.add(key)
                yield src
            after = hits[-1]["sort"]
    finally:
        if pit:
            try:
                es.close_point_in_time(id=pit)
            except ApiError:
                pass


def _mentions(row: dict) -> list[dict]:
    """A row's mentions as the contract has them (name, type, text, span)."""
    return [
        {
            "name": m.get("name"),
            "type": m.get("type"),
            "text": m.get("text"),
            "span": [m.get("start"), m.get("end")],
        }
        for m in row.get("mentions") or []
    ]


def as_jsonl(rows: Iterator[dict]) -> Iterator[str]:
    for row in rows:
        out = {c: row.get(c) for c in COLUMNS}
        out["mentions"] = _mentions(row)
        out["co_speakers"] = list(row.get("co_speakers") or [])
        yield json.dumps(out, ensure_ascii=False) + "\n"


def as_csv(rows: Iterator[dict]) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for n, row in enumerate(rows, 1):
        # list columns as "; "-separated names (mentions: the canonical names)
        writer.writerow(
            row
            | {
                "mentions": "; ".join(str(m["name"]) for m in _mentions(row)),
                "co_speakers": "; ".join(row.get("co_speakers") or []),
            }
        )
        if n % 500 == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()
