"""The ingest publisher against a bare producer, in one process, on one broker.

    python -m quotewire_ingest.bench --bootstrap 127.0.0.1:9092 [--rounds 6] [--json]

Two comparisons, interleaved in rounds so the machine's load hits both alike:

* single: :meth:`Publisher.publish` of one article (what ``POST /v1/articles`` waits
  for) against a bare ``KafkaProducer`` (acks=all, idempotent, no linger) doing
  ``send(...).get()`` of the same bytes;
* batch: :meth:`Publisher.publish_many` of ``--batch`` articles (``POST
  /v1/articles/batch``) against the bare producer sending them all, then ``flush()``.

Ratios are throughputs, ingest / bare (1.0 = as fast as the bare producer; the target
is ≥ 0.9). Both write to a scratch topic (``bench.ingest``), never to ``articles``.
``make bench-e2e`` runs this and puts the ratios in its summary.
"""

import argparse
import json
import statistics
import time
from datetime import UTC, datetime

from kafka import KafkaProducer
from quotewire_common.kafka import make_admin
from quotewire_common.settings import KafkaSettings
from quotewire_contracts import ArticleEvent, article_version_for

from quotewire_ingest.publisher import Publisher, encode_event

SCRATCH_TOPIC = "bench.ingest"
BODY = (
    'The minister said on Tuesday that talks would resume. "We are ready," she told '
    "reporters, adding that the details were still being worked out. "
) * 14  # about 2 KB: a typical article


def events(n: int, tag: str) -> list[ArticleEvent]:
    now = datetime.now(UTC)
    title = f"Bench {tag}"
    return [
        ArticleEvent(
            article_id=f"bench-{tag}-{i}",
            article_version=article_version_for(title, BODY),
            title=title,
            body=BODY,
            received_at=now,
        )
        for i in range(n)
    ]


def bare_producer(settings: KafkaSettings) -> KafkaProducer:
    return KafkaProducer(
        bootstrap_servers=settings.bootstrap_list,
        acks="all",
        enable_idempotence=True,
        linger_ms=0,
    )


def ensure_topic(settings: KafkaSettings) -> None:
    from kafka.admin import NewTopic
    from kafka.errors import TopicAlreadyExistsError

    admin = make_admin(settings, "bench")
    try:
        admin.create_topics([NewTopic(SCRATCH_TOPIC, 3, 1)])
    except TopicAlreadyExistsError:
        pass
    finally:
        admin.close()


def run(bootstrap: str, rounds: int = 6, singles: int = 60, batch: int = 100) -> dict:
    settings = KafkaSettings(bootstrap_servers=bootstrap)
    ensure_topic(settings)
    publisher = Publisher(settings, client_id="bench", topic=SCRATCH_TOPIC, send_timeout_s=30)
    if not publisher.wait_connected(30):
        raise SystemExit(f"no broker at {bootstrap}")
    bare = bare_producer(settings)
    single_pub: list[float] = []
    single_bare: list[float] = []
    batch_pub: list[float] = []
    batch_bare: list[float] = []
    try:
        warm = events(20, "warm")
        publisher.publish_many(warm)
        for ev in warm:
            key, value = encode_event(ev)
            bare.send(SCRATCH_TOPIC, key=key, value=value).get(30)
        for r in range(rounds):
            for ev in events(singles, f"s{r}"):
                t = time.perf_counter()
                publisher.publish(ev)
                single_pub.append(time.perf_counter() - t)
                key, value = encode_event(ev)
                t = time.perf_counter()
                bare.send(SCRATCH_TOPIC, key=key, value=value).get(30)
                single_bare.append(time.perf_counter() - t)
            evs = events(batch, f"b{r}")
            t = time.perf_counter()
            publisher.publish_many(evs)
            batch_pub.append(time.perf_counter() - t)
            t = time.perf_counter()
            for ev in evs:
                key, value = encode_event(ev)
                bare.send(SCRATCH_TOPIC, key=key, value=value)
            bare.flush(30)
            batch_bare.append(time.perf_counter() - t)
    finally:
        publisher.close()
        bare.close()
    med = statistics.median
    return {
        "ingest_single_vs_bare_send_and_wait": round(med(single_bare) / med(single_pub), 2),
        "ingest_batch_vs_bare_send_all_flush": round(med(batch_bare) / med(batch_pub), 2),
        "ingest_single_publish_ms_p50": round(med(single_pub) * 1000, 2),
        "bare_send_and_wait_ms_p50": round(med(single_bare) * 1000, 2),
        f"ingest_batch_{batch}_ms_p50": round(med(batch_pub) * 1000, 1),
        f"bare_send_all_flush_{batch}_ms_p50": round(med(batch_bare) * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bootstrap", required=True, help="host:port of the broker")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--singles", type=int, default=60, help="single sends per round")
    parser.add_argument("--batch", type=int, default=100, help="articles per batch")
    parser.add_argument("--json", action="store_true", help="one JSON line")
    args = parser.parse_args()
    out = run(args.bootstrap, args.rounds, args.singles, args.batch)
    if args.json:
        print(json.dumps(out))
    else:
        for key, value in out.items():
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
