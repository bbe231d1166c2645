"""Structured logs: one line per event, service and message context on every line.

``configure_logging(service)`` sets the root logger once: JSON lines when
``QW_LOG_FORMAT=json`` (production), Elastic Common Schema documents when
``QW_LOG_FORMAT=ecs`` (Kibana reads them without mapping work), a readable key=value
form otherwise. Context is bound with :func:`bind`, a ``LoggerAdapter`` that merges its
fields into each record, or for everything a message's processing logs, in whatever
function, with :func:`log_context` (a context variable: it follows ``await`` and, through
:func:`in_context`, work handed to a thread pool).
"""

import contextvars
import json
import logging
import os
import re
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import partial
from types import MappingProxyType
from typing import Any

_RESERVED = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
_CONTEXT: contextvars.ContextVar[Mapping[str, Any]] = contextvars.ContextVar(
    "quotewire_log_context", default=MappingProxyType({})
)
#: W3C trace context (``traceparent``: version-trace id-parent id-flags)
_TRACEPARENT = re.compile(r"^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$")
ECS_VERSION = "8.11.0"


@contextmanager
def log_context(**fields: Any) -> Iterator[None]:
    """Every log line inside the block (this task, what it awaits, and thread-pool work
    started through :func:`in_context`) carries ``fields`` (``None`` values are left out)."""
    token = _CONTEXT.set({**_CONTEXT.get(), **{k: v for k, v in fields.items() if v is not None}})
    try:
        yield
    finally:
        _CONTEXT.reset(token)


def in_context(fn: Callable[..., Any], *args: Any) -> Callable[[], Any]:
    """``fn(*args)`` to run in another thread with this context's log fields
    (``loop.run_in_executor`` does not carry context variables over by itself)."""
    return partial(contextvars.copy_context().run, fn, *args)


def trace_fields(headers: Sequence[tuple[str, bytes | None]] | None) -> dict[str, str]:
    """``trace.id`` / ``span.id`` of a record's W3C ``traceparent`` header, if it has one."""
    for name, value in headers or ():
        if name.lower() == "traceparent" and value:
            match = _TRACEPARENT.match(value.decode("latin-1").strip().lower())
            if match:
                return {"trace.id": match.group(1), "span.id": match.group(2)}
    return {}


def message_fields(
    topic: str | None,
    partition: int | None,
    offset: int | None,
    key: bytes | None,
    headers: Sequence[tuple[str, bytes | None]] | None = None,
) -> dict[str, Any]:
    """The log fields of one consumed record: where it is, its ``article_id`` (the key of
    both topics) and the trace of its headers."""
    fields: dict[str, Any] = {"topic": topic, "partition": partition, "offset": offset}
    if key:
        fields["article_id"] = key.decode("utf-8", "replace")
    return {**fields, **trace_fields(headers)}


def _with_context(factory: Callable[..., logging.LogRecord]) -> Callable[..., logging.LogRecord]:
    def make(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = factory(*args, **kwargs)
        # under one name: a call's own extra= may name the same fields (and wins)
        record.qw_context = _CONTEXT.get()
        return record

    make.quotewire_context = True  # type: ignore[attr-defined]
    return make


# Records get the log_context fields where they are made, so every handler sees them
# (pytest's caplog as well as the service's own).
if not getattr(logging.getLogRecordFactory(), "quotewire_context", False):
    logging.setLogRecordFactory(_with_context(logging.getLogRecordFactory()))


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    """The record's own fields: its :func:`log_context` ones, then its ``extra=``."""
    own = {
        k: v
        for k, v in vars(record).items()
        if k not in _RESERVED and k != "qw_context" and not k.startswith("_")
    }
    return {**getattr(record, "qw_context", {}), **own}


def _timestamp(record: logging.LogRecord) -> str:
    """``2026-12-05T09:21:57.710Z``"""
    moment = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
    return f"{moment}.{int(record.msecs):03d}Z"


class _ServiceFormatter(logging.Formatter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service


class JsonFormatter(_ServiceFormatter):
    def format(self, record: logging.LogRecord) -> str:
        doc: dict[str, Any] = {
            "@timestamp": _timestamp(record),
            "log.level": record.levelname.lower(),
            "service.name": self.service,
            "log.logger": record.name,
            "message": record.getMessage(),
            **_fields(record),
        }
        if record.exc_info:
            doc["error.stack_trace"] = self.formatException(record.exc_info)
        return json.dumps(doc, default=str, ensure_ascii=False)


#: Context fields that have an ECS name of their own.
_ECS_NAMES = {"trace.id": "trace.id", "span.id": "span.id", "error_class": "error.type"}


class EcsFormatter(_ServiceFormatter):
    """One Elastic Common Schema document a line: ``@timestamp``, ``log.level``,
    ``message``, ``service.name``, ``event.dataset``, ``error.*``, ``trace.id``; the
    other fields as ``labels.<name>`` when they are text (ids, topics: keywords in ECS)
    and ``quotewire.<name>`` when they are numbers or flags (counts, durations)."""

    def format(self, record: logging.LogRecord) -> str:
        doc: dict[str, Any] = {
            "@timestamp": _timestamp(record),
            "log.level": record.levelname.lower(),
            "message": record.getMessage(),
            "ecs.version": ECS_VERSION,
            "service.name": self.service,
            "event.dataset": f"quotewire.{self.service}",
            "log.logger": record.name,
            "process.pid": record.process,
        }
        labels: dict[str, str] = {}
        custom: dict[str, Any] = {}
        for key, value in _fields(record).items():
            if key in _ECS_NAMES:
                doc[_ECS_NAMES[key]] = value
            elif key == "duration_ms" and isinstance(value, int | float):
                doc["event.duration"] = int(value * 1_000_000)  # ECS: nanoseconds
            elif isinstance(value, str):
                labels[key] = value
            elif value is not None:
                custom[key] = value
        if labels:
            doc["labels"] = labels
        if custom:
            doc["quotewire"] = custom
        if record.exc_info:
            doc["error.type"] = getattr(record.exc_info[0], "__name__", "Exception")
            doc["error.message"] = str(record.exc_info[1])
            doc["error.stack_trace"] = self.formatException(record.exc_info)
        return json.dumps(doc, default=str, ensure_ascii=False)


FORMATTERS: dict[str, type[logging.Formatter]] = {"json": JsonFormatter, "ecs": EcsFormatter}


class TextFormatter(logging.Formatter):
    def __init__(self, service: str) -> None:
        super().__init__("%(asctime)s %(levelname)-7s [" + service + "] %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        extra = _fields(record)
        if extra:
            line += " " + " ".join(f"{k}={v}" for k, v in extra.items())
        return line


def configure_logging(service: str, level: str | None = None, fmt: str | None = None) -> None:
    """Configure the root logger for a service process (idempotent)."""
    level = (level or os.environ.get("QW_LOG_LEVEL") or "INFO").upper()
    fmt = (fmt or os.environ.get("QW_LOG_FORMAT") or "text").lower()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(FORMATTERS.get(fmt, TextFormatter)(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("kafka", "aiokafka", "elastic_transport", "urllib3", "faust", "mode"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))


class _Bound(logging.LoggerAdapter):
    def process(self, msg: str, kwargs: Any) -> tuple[str, Any]:
        kwargs["extra"] = {**(self.extra or {}), **kwargs.get("extra", {})}
        return msg, kwargs


def bind(logger: logging.Logger | logging.LoggerAdapter, **context: Any) -> logging.LoggerAdapter:
    """A logger that adds ``context`` (article_id, topic, partition, offset ...) to each line."""
    if isinstance(logger, logging.LoggerAdapter):
        merged: Mapping[str, Any] = {**(logger.extra or {}), **context}
        return _Bound(logger.logger, dict(merged))
    return _Bound(logger, context)
