"""Structured logs: one line per event, service and message context on every line.

``configure_logging(service)`` sets the root logger once: JSON lines when
``QW_LOG_FORMAT=json`` (production), a readable key=value form otherwise. Context is
bound with :func:`bind`, a ``LoggerAdapter`` that merges its fields into each record.
"""

import json
import logging
import os
import sys
import time
from collections.abc import Mapping
from typing import Any

_RESERVED = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in vars(record).items() if k not in _RESERVED and not k.startswith("_")}


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        doc: dict[str, Any] = {
            "@timestamp": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "log.level": record.levelname.lower(),
            "service.name": self.service,
            "log.logger": record.name,
            "message": record.getMessage(),
            **_fields(record),
        }
        if record.exc_info:
            doc["error.stack_trace"] = self.formatException(record.exc_info)
        return json.dumps(doc, default=str, ensure_ascii=False)


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
    handler.setFormatter(JsonFormatter(service) if fmt == "json" else TextFormatter(service))
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
