"""Settings, command line, logging and heartbeat of the extract worker (no servers)."""

import asyncio
import logging
import logging.config
import os
from pathlib import Path

import pytest
from faust.types import TP, Message
from quotewire_extract.app import create_app, logging_config, worker_argv
from quotewire_extract.settings import ExtractSettings
from quotewire_extract.worker import SourceMessage


def test_settings_defaults(monkeypatch):
    for name in list(os.environ):
        if name.startswith("QW_"):
            monkeypatch.delenv(name)
    s = ExtractSettings(_env_file=None)
    assert s.extract_group == "quotewire-extract"
    assert s.extract_workers == 1
    assert s.max_text_chars == 200_000
    assert s.health_file == Path("/tmp/quotewire-extract.alive")
    assert s.app_partitions == 12


def test_settings_from_environment(monkeypatch):
    monkeypatch.setenv("QW_EXTRACT_GROUP", "g2")
    monkeypatch.setenv("QW_EXTRACT_WORKERS", "3")
    monkeypatch.setenv("QW_MAX_TEXT_CHARS", "5000")
    monkeypatch.setenv("QW_HEALTH_FILE", "")
    monkeypatch.setenv("QW_PARTITIONS", "3")
    monkeypatch.setenv("QW_LOG_FORMAT", "JSON")
    s = ExtractSettings(_env_file=None)
    assert (s.extract_group, s.extract_workers, s.max_text_chars) == ("g2", 3, 5000)
    assert s.health_file is None
    assert s.app_partitions == 3
    assert s.log_format == "json"


def test_settings_reject_nonsense(monkeypatch):
    monkeypatch.setenv("QW_EXTRACT_WORKERS", "0")
    with pytest.raises(ValueError):
        ExtractSettings(_env_file=None)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ([], ["worker", "--without-web", "-l", "info"]),
        (["worker"], ["worker", "--without-web", "-l", "info"]),
        (["worker", "-l", "debug"], ["worker", "--without-web", "-l", "debug"]),
        (["worker", "--web-port", "6067"], ["worker", "--web-port", "6067", "-l", "info"]),
        (["worker", "--with-web"], ["worker", "--with-web", "-l", "info"]),
        (["--version"], ["--version"]),
    ],
)
def test_worker_runs_without_web_by_default(given, expected):
    assert worker_argv(given, "INFO") == expected


def test_app_uses_the_settings():
    s = ExtractSettings(
        _env_file=None,
        bootstrap_servers="k1:9092,k2:9092",
        session_timeout_ms=4000,
        heartbeat_interval_ms=1000,
        extract_group="grp",
        partitions=3,
        metadata_max_age_ms=7000,
    )
    app = create_app(s, loader=lambda: (lambda text: [], "fake/0"))
    assert app.conf.consumer_metadata_max_age_ms == 7000  # new partitions are seen
    assert app.conf.id == "grp"
    assert [str(u) for u in app.conf.broker] == ["kafka://k1:9092", "kafka://k2:9092"]
    assert app.conf.broker_session_timeout == 4.0
    assert app.conf.broker_heartbeat_interval == 1.0
    assert app.conf.topic_partitions == 3
    assert app.conf.web_enabled is False


@pytest.mark.parametrize("fmt", ["json", "ecs", "text"])
def test_logging_config_is_valid(fmt, capsys):
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        logging.config.dictConfig(logging_config(ExtractSettings(_env_file=None, log_format=fmt)))
        logging.getLogger("quotewire_extract.test").info("hello", extra={"article_id": "a1"})
        err = capsys.readouterr().err
        assert "hello" in err and "a1" in err
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)


def test_source_message_keeps_raw_bytes_and_headers():
    msg = Message(
        topic="articles",
        partition=2,
        offset=41,
        timestamp=0.0,
        timestamp_type=0,
        headers=[("trace", b"abc")],
        key=b"a-1",
        value=b"\x00not json",
        checksum=None,
        tp=TP("articles", 2),
    )
    src = SourceMessage.from_faust(msg)
    assert (src.topic, src.partition, src.offset) == ("articles", 2, 41)
    assert (src.key, src.value, src.headers) == (b"a-1", b"\x00not json", [("trace", b"abc")])


def test_the_consumer_fetch_wait_and_batch_limits_come_from_the_settings():
    s = ExtractSettings(
        _env_file=None,
        bootstrap_servers="k1:9092",
        fetch_max_wait_ms=80,
        extract_batch_max=8,
        extract_batch_budget_ms=300,
    )
    app = create_app(s, loader=lambda: (lambda text: [], "fake/0"))

    async def built():  # aiokafka wants a running loop; nothing connects before start()
        thread = app.consumer._new_consumer_thread()
        return thread._create_worker_consumer(app.transport)._fetch_max_wait_ms

    # faust itself builds it with 1,500 ms: an idle worker's articles waited for that
    assert asyncio.run(built()) == 80

    async def aiokafka_keeps_it_there():  # the attribute the transport overrides
        import aiokafka

        return aiokafka.AIOKafkaConsumer(fetch_max_wait_ms=123)._fetch_max_wait_ms

    assert asyncio.run(aiokafka_keeps_it_there()) == 123
    assert (s.extract_batch_max, s.extract_batch_budget_ms) == (8, 300)
    with pytest.raises(ValueError):
        ExtractSettings(_env_file=None, extract_batch_max=0)
