"""The extract worker: a faust-streaming app consuming ``articles``.

    quotewire-extract                      # = worker --without-web -l <QW_LOG_LEVEL>
    quotewire-extract worker --web-port 6067 ...   # any faust command line

Per batch of waiting messages (:mod:`quotewire_extract.batching`: the first message that
arrives plus those already buffered, bounded by ``QW_EXTRACT_BATCH_MAX`` and a latency
budget; one at a time when idle; always in order, so one partition's articles keep their
order): decode → check size → extract (their texts in one ``nlp.pipe``, in a one-thread
executor, so the event loop keeps the consumer heart-beating) → StatementEvents +
``article_processed`` marker per article sent to ``statements`` keyed by article_id →
await the broker's acks → ack each event. A message that cannot be processed goes to
``articles.dlq`` (original bytes + reason headers); the others of its batch go on. The
consumer's fetch wait is ``QW_FETCH_MAX_WAIT_MS`` (:mod:`quotewire_extract.transport`).

Offsets: the agent iterates a *noack* stream and acks each event itself, after
:meth:`ExtractWorker.handle` returned, i.e. after every output record was acknowledged.
faust commits (every ``broker_commit_interval``, on rebalance and on shutdown) only
offsets that are acked together with all earlier offsets of their partition. An event
whose handling was interrupted — SIGTERM, a crash, a send the broker refused — is never
acked, so it is consumed again after the restart or by the partition's next owner
(at-least-once; the deterministic statement ids make the replay idempotent downstream).
With the default auto-ack stream faust would ack the event even when the loop body
raised; and an exception escaping the agent is fatal here (``CrashingSupervisor``):
the process exits rather than silently skipping.

Workers scale by processes: ``QW_EXTRACT_WORKERS`` = N > 1 makes ``quotewire-extract``
a supervisor of N faust worker processes (each its own consumer with its own spaCy
model; :mod:`quotewire_common.supervisor` forwards SIGTERM/SIGINT and exits non-zero
when a child dies), and ``docker compose up --scale extract=N`` adds replicas. Every
process joins the consumer group (the app id, ``QW_EXTRACT_GROUP``); replicas x workers
beyond the partition count of ``articles`` stay idle.
"""

import asyncio
import functools
import logging
import logging.config
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import faust
from mode import CrashingSupervisor
from quotewire_attribution.model import DEFAULT_NER, NerMode
from quotewire_common.dlq import DeadLetterPolicy
from quotewire_common.health import Heartbeat, check, remove
from quotewire_common.logging import FORMATTERS, TextFormatter
from quotewire_common.metrics import multiprocess_env, serve_metrics, set_lag
from quotewire_common.supervisor import ChildSpec, Supervisor
from quotewire_common.topics import TopicLayoutError, TopicWatch
from quotewire_contracts import Topic

from quotewire_extract.batching import BatchSizer, WaitingBatches
from quotewire_extract.settings import ExtractSettings
from quotewire_extract.steps import ExtractFn
from quotewire_extract.transport import App
from quotewire_extract.worker import (
    FAUST_MAX_REQUEST_SIZE,
    SERVICE,
    ExtractWorker,
    SourceMessage,
)

log = logging.getLogger("quotewire_extract.app")

#: Returns the extraction function and the extractor's name ("quotewire-attribution/0.1").
ExtractorLoader = Callable[[], tuple[ExtractFn, str]]

_NOISY_LOGGERS = ("kafka", "aiokafka", "faust", "mode", "elastic_transport", "urllib3")


def load_default_extractor(ner: NerMode = DEFAULT_NER) -> tuple[ExtractFn, str]:
    """The spaCy attribution extractor, built once (takes seconds: model load)."""
    from quotewire_extract.extractor import EXTRACTOR_NAME, BatchExtract, Extractor

    return BatchExtract(Extractor(ner=ner).load()), EXTRACTOR_NAME


class ExtractorHolder:
    """Loads the extractor once, either eagerly in :func:`main` (before the worker joins
    the consumer group, so no partition waits on the model load) or on first use."""

    def __init__(self, loader: ExtractorLoader) -> None:
        self._loader = loader
        self._lock = threading.Lock()
        self._value: tuple[ExtractFn, str] | None = None

    @property
    def loaded(self) -> bool:
        return self._value is not None

    def get(self) -> tuple[ExtractFn, str]:
        with self._lock:
            if self._value is None:
                log.info("loading extractor")
                self._value = self._loader()
                log.info("extractor loaded", extra={"extractor": self._value[1]})
            return self._value

    async def get_async(self, executor: ThreadPoolExecutor) -> tuple[ExtractFn, str]:
        if self._value is not None:
            return self._value
        return await asyncio.get_running_loop().run_in_executor(executor, self.get)


def logging_config(settings: ExtractSettings) -> dict[str, Any]:
    """dictConfig for faust's worker: quotewire's formatter (json|ecs|text) on stderr."""
    formatter = FORMATTERS.get(settings.log_format, TextFormatter).__name__
    level = settings.log_level.upper()
    quiet = "WARNING" if logging.getLevelName(level) in (logging.DEBUG, logging.INFO) else level
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "qw": {"()": f"quotewire_common.logging.{formatter}", "service": SERVICE},
        },
        "handlers": {
            "default": {
                "class": "logging.StreamHandler",
                "formatter": "qw",
                "stream": "ext://sys.stderr",
            },
        },
        "root": {"level": level, "handlers": ["default"]},
        "loggers": {name: {"level": quiet} for name in _NOISY_LOGGERS},
    }


def create_app(settings: ExtractSettings, loader: ExtractorLoader | None = None) -> faust.App:
    """The faust app with its topics, the extraction agent and the heartbeat timer."""
    if loader is None:
        loader = functools.partial(load_default_extractor, settings.extract_ner)
    request_timeout_ms = max(settings.request_timeout_ms, settings.session_timeout_ms + 5000)
    app = App(
        settings.extract_group,
        fetch_max_wait_ms=settings.fetch_max_wait_ms,
        broker="kafka://" + ",".join(settings.bootstrap_list),
        broker_credentials=settings.faust_credentials(),  # TLS / SASL (QW_KAFKA_*)
        store="memory://",
        # faust makes a data dir even with the memory store; keep it out of the cwd.
        datadir=str(Path(tempfile.gettempdir()) / "{conf.name}-data"),
        topic_partitions=settings.app_partitions,
        topic_replication_factor=settings.replication_factor,
        topic_disable_leader=True,  # no leader-only timers here; no extra topic
        broker_session_timeout=settings.session_timeout_ms / 1000,
        broker_heartbeat_interval=settings.heartbeat_interval_ms / 1000,
        broker_max_poll_interval=settings.max_poll_interval_ms / 1000,
        broker_request_timeout=request_timeout_ms / 1000,
        broker_client_id=f"{settings.client_id_prefix}-extract",
        # New partitions of `articles` are seen, and rebalanced onto, within this time.
        consumer_metadata_max_age_ms=settings.metadata_max_age_ms,
        producer_metadata_max_age_ms=settings.metadata_max_age_ms,
        consumer_auto_offset_reset="earliest",
        producer_acks=-1,  # all in-sync replicas
        web_enabled=False,  # the worker CLI overrides this: main() adds --without-web
        worker_redirect_stdouts=False,
        logging_config=logging_config(settings),
    )
    raw = {"key_serializer": "raw", "value_serializer": "raw"}
    articles = app.topic(Topic.ARTICLES.value, allow_empty=True, **raw)
    statements = app.topic(Topic.STATEMENTS.value, **raw)
    dlq = app.topic(Topic.ARTICLES.dlq.value, **raw)
    # One thread: one message at a time per process (partition order); parallelism
    # comes from worker processes (QW_EXTRACT_WORKERS, see main()).
    executor = ThreadPoolExecutor(1, thread_name_prefix="extract")
    holder = ExtractorHolder(loader)
    app.extractor_holder = holder  # type: ignore[attr-defined]  # main() preloads it

    @app.agent(
        articles, name="extract-articles", concurrency=1, supervisor_strategy=CrashingSupervisor
    )
    async def extract_articles(stream: faust.StreamT) -> None:
        extract, name = await holder.get_async(executor)
        worker = ExtractWorker(
            extract=extract,
            extractor_name=name,
            statements=statements,
            dlq=dlq,
            executor=executor,
            max_chars=settings.max_text_chars,
            languages=settings.languages,
            policy=DeadLetterPolicy.from_settings(SERVICE, settings, FAUST_MAX_REQUEST_SIZE),
            extract_many=getattr(extract, "many", None),
        )
        manual = stream.noack()
        sizer = BatchSizer(settings.extract_batch_max, settings.extract_batch_budget_ms / 1000)
        async for events in WaitingBatches(manual.events(), sizer, _message_bytes):
            started = time.perf_counter()
            try:
                await worker.handle_batch([SourceMessage.from_faust(e.message) for e in events])
            except asyncio.CancelledError:
                raise
            except BaseException:
                log.exception(
                    "stopping the worker; these messages stay uncommitted and are consumed "
                    "again after a restart",
                    extra={
                        "messages": [f"{e.message.partition}:{e.message.offset}" for e in events]
                    },
                )
                raise
            sizer.observe(sum(map(_message_bytes, events)), time.perf_counter() - started)
            # Only now: the output is durable, the offsets may be committed.
            last = {}
            for event in events:
                await manual.ack(event)
                last[event.message.tp] = event.message
            for message in last.values():
                report_lag(app, settings.extract_group, message)

    watch = TopicWatch()

    @app.timer(max(1.0, settings.metadata_max_age_ms / 1000), name="extract-topic-watch")
    async def topic_watch() -> None:
        """A partition-count change of ``articles`` is logged loudly (the metadata
        refresh rebalances onto new partitions); a vanished or shrunk topic crashes the
        worker: its messages are gone, reading on would silently read nothing."""
        count = app.consumer.topic_partitions(Topic.ARTICLES.value)
        try:
            changes = watch.observe({Topic.ARTICLES.value: count})
        except TopicLayoutError as exc:
            log.critical("stopping the worker: %s", exc)
            await app.crash(exc)
            return
        for change in changes:
            log.error("partition count changed: %s", change)

    if settings.health_file is not None:
        # The timer runs on the event loop: a blocked loop stops the beats.
        beat = Heartbeat(settings.health_file, settings.health_interval_s)
        app.heartbeat = beat  # type: ignore[attr-defined]

        @app.timer(settings.health_interval_s, name="extract-heartbeat")
        async def heartbeat() -> None:
            if holder.loaded:
                beat.beat(force=True)

        @app.on_before_shutdown.connect
        async def _remove_heartbeat(sender: Any, **kwargs: Any) -> None:
            beat.clear()

    return app


def _message_bytes(event: Any) -> int:
    return len(event.message.value or b"")


def report_lag(app: faust.App, group: str, message: Any) -> None:
    """The partition's lag after this message: the consumer's high-water mark (from its
    last fetch, no request) minus the next offset to read."""
    try:
        end = app.consumer.highwater(message.tp)
    except (AttributeError, KeyError, RuntimeError):  # not assigned any more
        return
    set_lag(group, message.topic, message.partition, end, message.offset + 1)


def worker_argv(args: list[str], log_level: str) -> list[str]:
    """faust arguments: ``worker --without-web`` by default, since faust's CLI flag
    defaults to with-web and overrides ``web_enabled`` (a second worker on the host
    would otherwise fail on port 6066)."""
    if not args:
        return ["worker", "--without-web", "-l", log_level.lower()]
    if args[0] == "worker":
        web_flags = ("--with-web", "--without-web", "--web-port", "--web-bind", "--web-host")
        if not any(a.split("=")[0] in web_flags for a in args):
            args = [args[0], "--without-web", *args[1:]]
        if not any(a in ("-l", "--loglevel") or a.startswith("--loglevel=") for a in args):
            args = [*args, "-l", log_level.lower()]
    return args


# -- several worker processes per replica ---------------------------------------------

#: Seconds the children get to stop after SIGTERM (compose stop_grace_period is 30 s).
SUPERVISOR_GRACE_S = 25.0
CHILD_CODE = "from quotewire_extract.app import main; main()"


def child_health_file(health_file: Path, index: int) -> Path:
    return health_file.with_name(f"{health_file.name}.worker-{index}")


def worker_specs(
    settings: ExtractSettings, args: list[str], env: dict[str, str]
) -> list[ChildSpec]:
    """One child per ``QW_EXTRACT_WORKERS``: the same command line and environment, run
    as a single worker (``QW_EXTRACT_WORKERS=1``) with a heartbeat file of its own."""
    specs = []
    for i in range(settings.extract_workers):
        # The children write their metrics to one shared directory; the supervisor
        # serves their sum on QW_METRICS_PORT, the children serve nothing.
        child_env = {**env, "QW_EXTRACT_WORKERS": "1", "QW_METRICS_PORT": ""}
        if settings.health_file is not None:
            child_env["QW_HEALTH_FILE"] = str(child_health_file(settings.health_file, i))
        specs.append(
            ChildSpec(f"extract-{i}", [sys.executable, "-c", CHILD_CODE, *args], child_env)
        )
    return specs


class HeartbeatRelay:
    """The replica's heartbeat: beats ``QW_HEALTH_FILE`` while *every* child's file is
    fresh, so one hung worker process turns the container unhealthy."""

    def __init__(self, settings: ExtractSettings, specs: list[ChildSpec]) -> None:
        self.beat = Heartbeat(settings.health_file, settings.health_interval_s)
        self.children = [Path(s.env["QW_HEALTH_FILE"]) for s in specs if "QW_HEALTH_FILE" in s.env]
        self.max_age_s = max(3 * settings.health_interval_s, 15.0)

    def clear(self) -> None:
        self.beat.clear()
        for path in self.children:
            remove(path)

    def tick(self) -> None:
        if self.beat.enabled and all(check(p, self.max_age_s) is None for p in self.children):
            self.beat.beat()


def supervise(settings: ExtractSettings, args: list[str]) -> int:
    """Run ``settings.extract_workers`` worker processes; the exit code for this one."""
    env = dict(os.environ)
    if settings.metrics_port is not None:
        env.update(multiprocess_env())
        os.environ.update(env)  # this process serves the children's files
        serve_metrics(settings.metrics_port, settings.metrics_host)
    specs = worker_specs(settings, args, env)
    relay = HeartbeatRelay(settings, specs)
    relay.clear()
    supervisor = Supervisor(
        specs,
        grace_s=SUPERVISOR_GRACE_S,
        poll_s=min(1.0, settings.health_interval_s),
        on_tick=relay.tick,
    )
    try:
        return supervisor.run()
    finally:
        relay.clear()


settings = ExtractSettings()
app = create_app(settings)


def main(argv: list[str] | None = None) -> None:
    """Console script ``quotewire-extract``: one faust worker, or with
    ``QW_EXTRACT_WORKERS`` = N > 1 a supervisor of N worker processes."""
    args = worker_argv(list(sys.argv[1:] if argv is None else argv), settings.log_level)
    if args[0] == "worker":
        logging.config.dictConfig(logging_config(settings))
        if settings.extract_workers > 1:
            raise SystemExit(supervise(settings, args))
        remove(settings.health_file)  # a previous process's heartbeat
        serve_metrics(settings.metrics_port, settings.metrics_host)
        # Load spaCy before joining the group: partitions are not held while it loads.
        app.extractor_holder.get()  # type: ignore[attr-defined]
    sys.argv = [sys.argv[0], *args]
    app.main()


if __name__ == "__main__":
    main()
