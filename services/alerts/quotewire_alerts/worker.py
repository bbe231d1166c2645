"""``quotewire-alerts``: the alerts worker (``statements`` → matches → webhooks).

A chain of small steps per polled batch, ending in the commit:

1. decode the ``statements`` records (markers and bad records are skipped: the indexer
   owns that topic's dead letters);
2. match each statement against the alerts (:mod:`.matcher`, alerts from :mod:`.book`);
3. publish one :class:`~quotewire_contracts.alerts.AlertMatchEvent` per match to the
   ``alerts`` topic and wait for the acks;
4. deliver each match (:mod:`.ledger` claim → :mod:`.delivery` signed POST with retries
   → record), a few at once; a match whose webhook fails past the retry budget goes to
   ``alerts.dlq`` with the reason; digest alerts queue their matches instead;
5. commit the offsets.

The consumer that owns partition 0 of ``statements`` also runs the backfills of new
alerts (``--since``) and the digest flushes, so a scaled group does them once.
"""

import logging
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

from elasticsearch import Elasticsearch
from elasticsearch.helpers import scan
from kafka import KafkaConsumer, KafkaProducer
from quotewire_common.alerts_store import ensure_alert_indices, now_utc, update_alert
from quotewire_common.dlq import DeadLetterPolicy, Fault
from quotewire_common.es import make_es_client, wait_for_es
from quotewire_common.health import Heartbeat, remove
from quotewire_common.kafka import ensure_topics, make_consumer, make_producer, wait_for_kafka
from quotewire_common.logging import configure_logging
from quotewire_common.metrics import ALERT_DELIVERIES, ALERT_DELIVERY_ATTEMPTS, serve_metrics
from quotewire_common.names import normalize_quote, speaker_id
from quotewire_contracts import StatementEvent, Topic, decode_statements_topic_event
from quotewire_contracts.alerts import (
    AlertArticle,
    AlertMatchEvent,
    AlertSpeaker,
    DigestBody,
    WebhookBody,
    delivery_id_for,
    digest_id_for,
    match_key,
)

from quotewire_alerts.book import AlertBook, ServerAnalyzer
from quotewire_alerts.delivery import Deliverer, RetryPolicy
from quotewire_alerts.ledger import DEAD_LETTERED, DELIVERED, FINAL, Ledger
from quotewire_alerts.matcher import Candidate, CompiledAlert
from quotewire_alerts.settings import SERVICE, AlertsSettings

log = logging.getLogger("quotewire_alerts.worker")
#: Seconds after its end a digest window is sent (matches queued at its end get in).
DIGEST_GRACE_S = 1.0
#: Seconds between the leader's looks for due digests (a refresh and a search of the
#: deliveries index each): once a second, not once per batch polled (dozens a second
#: under load); a window closes minutes apart, so a digest is at most this much later.
DIGEST_CHECK_S = 1.0


def statement_match_key(ev: StatementEvent) -> str:
    """Article + speaker + normalised content: the same for an unchanged statement in a
    new version of the article (its ``statement_id`` differs)."""
    return match_key(ev.article_id, speaker_id(ev.speaker_canonical), normalize_quote(ev.content))


def webhook_body(alert_id: str, delivery_id: str, ev: StatementEvent) -> WebhookBody:
    return WebhookBody(
        alert_id=alert_id,
        delivery_id=delivery_id,
        speaker=AlertSpeaker(
            name=ev.speaker_canonical,
            id=speaker_id(ev.speaker_canonical),
            mention=ev.speaker,
            type=ev.speaker_type,
        ),
        article=AlertArticle(
            id=ev.article_id,
            version=ev.article_version,
            url=ev.article.url,
            title=ev.article.title,
            source=ev.article.source,
            published=ev.article.published,
        ),
        statement=ev,
        matched_at=now_utc(),
    )


def match_event(ca: CompiledAlert, ev: StatementEvent, backfill: bool = False) -> AlertMatchEvent:
    key = statement_match_key(ev)
    did = delivery_id_for(ca.alert_id, key)
    return AlertMatchEvent(
        alert_id=ca.alert_id,
        delivery_id=did,
        match_key=key,
        webhook=webhook_body(ca.alert_id, did, ev),
        digest_interval_s=ca.alert.digest_interval_s,
        backfill=backfill,
    )


def window_of(interval_s: int, at: datetime) -> tuple[int, int]:
    start = int(at.timestamp()) // interval_s * interval_s
    return start, start + interval_s


def event_from_doc(doc: dict[str, Any]) -> StatementEvent:
    """A statement event rebuilt from its ``statements`` index document (backfills)."""

    def span(name: str):
        start, end = doc.get(f"{name}_start"), doc.get(f"{name}_end")
        return None if start is None or end is None else (start, end)

    return StatementEvent(
        statement_id=doc["statement_id"],
        article_id=doc["article_id"],
        article_version=doc["article_version"],
        article={
            "title": doc.get("title") or "",
            "source": doc.get("source"),
            "url": doc.get("url"),
            "published": doc.get("published"),
        },
        article_received_at=doc["article_received_at"],
        extractor=doc.get("extractor") or "unknown",
        extracted_at=doc.get("extracted_at") or doc["article_received_at"],
        speaker=doc.get("speaker"),
        speaker_span=span("speaker"),
        speaker_canonical=doc["speaker_canonical"],
        speaker_type=doc["speaker_type"],
        cue=doc.get("cue"),
        cue_span=span("cue"),
        content=doc["content"],
        content_span=span("content"),
        type=doc["type"],
        confidence=doc["confidence"],
    )


class AlertsWorker:
    def __init__(
        self,
        consumer: KafkaConsumer,
        producer: KafkaProducer,
        es: Elasticsearch,
        settings: AlertsSettings,
        stop: threading.Event,
        heartbeat: Heartbeat | None = None,
    ) -> None:
        self.consumer = consumer
        self.producer = producer
        self.es = es
        self.settings = settings
        self.stop = stop
        self.heartbeat = heartbeat
        self.analyze = ServerAnalyzer(es)
        self.book = AlertBook(es, settings.alerts_index, settings.alerts_reload_s, self.analyze)
        self.ledger = Ledger(es, settings.alert_deliveries_index)
        self.deliverer = Deliverer(
            settings.policy(),
            RetryPolicy(
                settings.delivery_max_attempts,
                settings.delivery_initial_backoff_s,
                settings.delivery_max_backoff_s,
            ),
            settings.delivery_timeout_s,
        )
        self.dlq = DeadLetterPolicy.from_settings(SERVICE, settings)
        self.pool = ThreadPoolExecutor(settings.delivery_concurrency, "deliver")
        self.backfilled: set[str] = set()
        self._digests_checked_at = float("-inf")

    # --- the chain -------------------------------------------------------------------

    def run(self) -> None:
        log.info("alerts worker started", extra={"group": self.settings.alerts_group})
        while not self.stop.is_set():
            if self.heartbeat:
                self.heartbeat.beat()
            batch = self.consumer.poll(
                timeout_ms=self.settings.poll_timeout_ms,
                max_records=self.settings.alerts_batch_size,
            )
            self.book.maybe_reload()
            if self._leader():
                self.run_backfills()
                now = time.monotonic()
                if now - self._digests_checked_at >= DIGEST_CHECK_S:
                    self._digests_checked_at = now
                    self.flush_digests()
            records = [r for rs in batch.values() for r in rs]
            if not records:
                continue
            matches = self.match_records(records)
            self.publish(matches)
            self.deliver_all(matches)
            self.consumer.commit()

    def _leader(self) -> bool:
        return any(
            tp.topic == Topic.STATEMENTS.value and tp.partition == 0
            for tp in self.consumer.assignment()
        )

    def match_records(self, records) -> list[tuple[CompiledAlert, AlertMatchEvent]]:
        out = []
        for record in records:
            try:
                ev = decode_statements_topic_event(record.value)
            except ValueError:  # a bad record: the indexer (topic owner) dead-letters it
                log.warning(
                    "skipped a statements record that breaks the contract",
                    extra={"partition": record.partition, "offset": record.offset},
                )
                continue
            if isinstance(ev, StatementEvent):
                out.extend(self.match_statement(ev))
        return out

    def match_statement(
        self, ev: StatementEvent, backfill: bool = False
    ) -> list[tuple[CompiledAlert, AlertMatchEvent]]:
        found = self.book.index.match(Candidate.of(ev), self.analyze)
        return [(ca, match_event(ca, ev, backfill)) for ca in found]

    def publish(self, matches: list[tuple[CompiledAlert, AlertMatchEvent]]) -> None:
        futures = [
            self.producer.send(
                Topic.ALERTS.value,
                key=m.alert_id.encode(),
                value=m.model_dump_json().encode(),
            )
            for _, m in matches
        ]
        self.producer.flush()
        for f in futures:
            f.get(timeout=30)  # raises: no commit, the batch comes again

    def deliver_all(self, matches: list[tuple[CompiledAlert, AlertMatchEvent]]) -> None:
        # One delivery per id even when a batch holds a statement twice (a redelivery):
        # two concurrent claims of one id would each see the other's "sending".
        unique = {m.delivery_id: (ca, m) for ca, m in reversed(matches)}
        jobs = [unique[did] for did in dict.fromkeys(m.delivery_id for _, m in matches)]
        for future in [self.pool.submit(self.deliver_one, ca, m) for ca, m in jobs]:
            # an Elasticsearch or Kafka failure raises here: the batch is not committed
            ALERT_DELIVERIES.labels(future.result()).inc()

    def deliver_one(self, ca: CompiledAlert, m: AlertMatchEvent) -> str:
        """What happened to this match: delivered, dead_lettered, queued, or duplicate."""
        fields = {
            "alert_id": m.alert_id,
            "match_key": m.match_key,
            "statement_id": m.webhook.statement.statement_id,
            "article_id": m.webhook.statement.article_id,
        }
        if m.digest_interval_s:
            _, end = window_of(m.digest_interval_s, now_utc())
            due = datetime.fromtimestamp(end, UTC)
            queued = self.ledger.queue(
                m.delivery_id, due, m.webhook.model_dump(mode="json"), **fields
            )
            return "queued" if queued else "duplicate"
        before = self.ledger.claim(m.delivery_id, **fields)
        if before in FINAL or before == "queued":
            log.info("already delivered", extra={"delivery_id": m.delivery_id})
            return "duplicate"
        if before is not None:
            log.warning(
                "resending a delivery a previous worker claimed but did not record "
                "(same Idempotency-Key)",
                extra={"delivery_id": m.delivery_id},
            )
        body = m.webhook.model_dump_json().encode()
        return self._send(ca, m.delivery_id, body, m.model_dump_json().encode())

    def _send(self, ca: CompiledAlert, delivery_id: str, body: bytes, letter_value: bytes) -> str:
        outcome = self.deliverer.deliver(
            ca.alert.webhook_url, ca.secret, body, delivery_id, ca.alert_id
        )
        ALERT_DELIVERY_ATTEMPTS.inc(outcome.attempts)
        if outcome.delivered:
            self.ledger.finish(delivery_id, DELIVERED, outcome.attempts, outcome.status, "ok")
            log.info(
                "alert delivered",
                extra={
                    "delivery_id": delivery_id,
                    "alert_id": ca.alert_id,
                    "attempts": outcome.attempts,
                },
            )
            return DELIVERED
        letter = self.dlq.letter(
            source_topic=Topic.ALERTS.value,
            partition=None,
            offset=None,
            key=ca.alert_id.encode(),
            value=letter_value,
            headers=[("idempotency-key", delivery_id.encode())],
            reason=f"webhook {ca.alert.webhook_url}: {outcome.reason}",
            error_class="WebhookUndeliverable",
            fault=Fault.PROCESSING,
        )
        self.producer.send(letter.topic, key=letter.key, value=letter.value, headers=letter.headers)
        self.producer.flush()
        self.ledger.finish(
            delivery_id, DEAD_LETTERED, outcome.attempts, outcome.status, outcome.reason
        )
        log.warning(
            "alert dead-lettered",
            extra={"delivery_id": delivery_id, "alert_id": ca.alert_id, "reason": outcome.reason},
        )
        return DEAD_LETTERED

    # --- leader duties ---------------------------------------------------------------

    def flush_digests(self) -> int:
        """Send every due digest (one message per alert and interval); the count sent.

        A window is flushed :data:`DIGEST_GRACE_S` after it ends, so matches queued at
        its very end are in it. A match queued even later (a slow batch) goes out in a
        follow-up message of that window, under its own idempotency key."""
        items = self.ledger.due_digest_items(now_utc() - timedelta(seconds=DIGEST_GRACE_S))
        groups: dict[tuple[str, datetime], list[dict]] = {}
        for item in items:
            due = datetime.fromisoformat(str(item["due_at"]))
            groups.setdefault((item["alert_id"], due), []).append(item)
        sent = 0
        for (alert_id, due), group in groups.items():
            ca = self.book.alerts.get(alert_id)
            ids = [g["delivery_id"] for g in group]
            if ca is None:  # the alert was removed: nothing to send any more
                self.ledger.mark_digested(ids, "", "dropped_alert_removed")
                continue
            interval = ca.alert.digest_interval_s or 1
            start = due - timedelta(seconds=interval)
            gid = digest_id_for(alert_id, int(start.timestamp()))
            record = {"alert_id": alert_id, "body": {"delivery_ids": ids}}
            before = self.ledger.claim(gid, **record)
            if before in FINAL:
                # items this window's message held (a crash before they were marked) ...
                held = set(self.ledger.digest_items(gid))
                if held:
                    self.ledger.mark_digested([i for i in ids if i in held], gid, before)
                # ... and items that came late: a follow-up message of their own
                group = [g for g in group if g["delivery_id"] not in held]
                ids = [g["delivery_id"] for g in group]
                if not group:
                    continue
                late = match_key(alert_id, "late", ",".join(sorted(ids)))[:12]
                gid = digest_id_for(alert_id, int(start.timestamp())) + "-" + late
                record = {"alert_id": alert_id, "body": {"delivery_ids": ids}}
                before = self.ledger.claim(gid, **record)
            state = before
            if before not in FINAL:
                digest = DigestBody(
                    alert_id=alert_id,
                    delivery_id=gid,
                    interval_s=interval,
                    window_start=start,
                    window_end=due,
                    matches=[WebhookBody.model_validate(g["body"]) for g in group],
                )
                body = digest.model_dump_json().encode()
                state = self._send(ca, gid, body, body)
                sent += 1
            self.ledger.mark_digested(ids, gid, state or DELIVERED)
        return sent

    def run_backfills(self) -> None:
        for alert in self.book.pending_backfills():
            if alert.alert_id in self.backfilled:  # done; the book reloads it later
                continue
            ca = self.book.alerts[alert.alert_id]
            n = self.backfill(ca)
            update_alert(
                self.es, self.settings.alerts_index, alert.alert_id, backfill_done_at=now_utc()
            )
            self.backfilled.add(alert.alert_id)
            log.info("backfill done", extra={"alert_id": alert.alert_id, "matches": n})

    def backfill(self, ca: CompiledAlert) -> int:
        since = ca.alert.backfill_since
        if not self.es.indices.exists(index=self.settings.statements_index):
            return 0
        query = {"query": {"range": {"published": {"gte": since.isoformat()}}}}
        matches = []
        for hit in scan(self.es, index=self.settings.statements_index, query=query, size=500):
            ev = event_from_doc(hit["_source"])
            if ca.matches(
                Candidate.of(ev), lambda ev=ev: self.analyze([ev.content, ev.article.title])
            ):
                matches.append((ca, match_event(ca, ev, backfill=True)))
        self.publish(matches)
        self.deliver_all(matches)
        return len(matches)

    def close(self) -> None:
        self.pool.shutdown(wait=True)
        self.deliverer.close()


def main() -> None:
    configure_logging(SERVICE)
    settings = AlertsSettings()
    remove(settings.health_file)
    serve_metrics(settings.metrics_port, settings.metrics_host)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    es = make_es_client(settings)
    wait_for_es(es)
    ensure_alert_indices(es, settings)
    wait_for_kafka(settings)
    ensure_topics(settings)
    producer = make_producer(settings, SERVICE)
    consumer = make_consumer(
        settings,
        settings.alerts_group,
        [Topic.STATEMENTS.value],
        max_poll_records=settings.alerts_batch_size,
    )
    heartbeat = Heartbeat(settings.health_file, settings.health_interval_s)
    worker = AlertsWorker(consumer, producer, es, settings, stop, heartbeat)
    started = time.monotonic()
    try:
        worker.run()
    finally:
        log.info("alerts worker stopping", extra={"uptime_s": round(time.monotonic() - started)})
        heartbeat.clear()
        worker.close()
        consumer.close(autocommit=False)
        producer.close(timeout=5)
        es.close()


if __name__ == "__main__":
    main()
