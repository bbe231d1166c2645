"""``quotewire ingest``'s reader: every article (or load error) under the paths it is
given, plain article files through :mod:`quotewire_ingest.loaders`, newsroom documents
(feeds, pages, ninjs, WordPress, ANS) through :mod:`quotewire_ingest.documents`."""

from collections.abc import Iterable, Iterator
from pathlib import Path

from quotewire_ingest.documents import load_document_file
from quotewire_ingest.loaders import (
    DOCUMENT_SUFFIXES,
    JSON_SUFFIXES,
    JSONL_SUFFIXES,
    Loaded,
    LoadError,
    expand_paths,
    load_json_file,
    load_jsonl_file,
    load_text_file,
)


def load_paths(
    paths: Iterable[Path | str], *, source: str | None = None, fmt: str | None = None
) -> Iterator[Loaded]:
    """Every article (or load error) under ``paths``; never raises for bad input.

    ``fmt``: a newsroom format (ninjs, wordpress, ans, feed, html) for the .json files;
    .xml / .rss / .atom are feeds and .html / .htm pages whatever it says."""
    for item in expand_paths(paths):
        if isinstance(item, Loaded):
            yield item
            continue
        suffix = item.suffix.lower()
        document_format = DOCUMENT_SUFFIXES.get(suffix) or (
            fmt if fmt not in (None, "article") and suffix in JSON_SUFFIXES else None
        )
        try:
            if document_format is not None:
                yield from load_document_file(item, document_format, source=source)
            elif item.suffix.lower() in JSONL_SUFFIXES:
                yield from load_jsonl_file(item)
            elif item.suffix.lower() in JSON_SUFFIXES:
                yield from load_json_file(item)
            else:
                yield Loaded(str(item), article=load_text_file(item, source=source))
        except LoadError as exc:
            yield Loaded(str(item), error=str(exc))
