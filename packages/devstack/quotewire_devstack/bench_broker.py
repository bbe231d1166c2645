"""What the durable broker costs: produce latency, in memory vs on the object store.

``quotewire stack bench-broker`` starts two brokers side by side in this process's
care (one in memory, one with its log in a SeaweedFS bucket over a temporary
directory), creates the same topic on both, and times ``send().get()`` of records the
size of an article (acks=all, idempotent, one at a time: the latency a newsroom's
``POST /v1/articles`` waits for), in interleaved rounds so both share the machine's
load. Then it times a burst (many sends, one flush) for throughput. It prints the
medians, p95 and the ratios.
"""

import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from kafka import KafkaAdminClient, KafkaProducer
from kafka.admin import NewTopic

from quotewire_devstack.objectstore import (
    BUCKET,
    ObjectStorePorts,
    S3Credentials,
    broker_env,
    start_object_store,
)
from quotewire_devstack.servers import start_broker

TOPIC = "bench"


@dataclass
class Timings:
    latencies_s: list[float]
    burst_s: list[float]

    def p(self, q: float) -> float:
        xs = sorted(self.latencies_s)
        return xs[min(len(xs) - 1, int(q * len(xs)))]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies_s) * 1000


def _producer(address: str) -> KafkaProducer:
    return KafkaProducer(
        bootstrap_servers=address, acks="all", enable_idempotence=True, linger_ms=0
    )


def _prepare(address: str) -> None:
    admin = KafkaAdminClient(bootstrap_servers=address)
    try:
        admin.create_topics([NewTopic(TOPIC, 3, 1)])
    finally:
        admin.close()


def run(
    records: int = 200, rounds: int = 5, size: int = 4000, burst: int = 500
) -> dict[str, Timings]:
    value = b"x" * size
    with tempfile.TemporaryDirectory(prefix="qw-bench-broker-") as tmp:
        data = Path(tmp)
        ports = ObjectStorePorts.pick()
        store = start_object_store(data, ports, log_path=data / "objectstore.log")
        memory = start_broker(log_path=data / "memory.log")
        durable = start_broker(
            log_path=data / "durable.log",
            storage=f"s3://{BUCKET}/",
            storage_env=broker_env(store.address, S3Credentials.load_or_create(data)),
        )
        brokers = {"memory": memory, "durable": durable}
        try:
            producers = {}
            for name, broker in brokers.items():
                _prepare(broker.address)
                producers[name] = _producer(broker.address)
                for i in range(20):  # warm up: metadata, connections, first segment
                    producers[name].send(TOPIC, key=b"w%d" % i, value=value).get(30)
            out = {name: Timings([], []) for name in brokers}
            for r in range(rounds):
                order = list(brokers) if r % 2 == 0 else list(reversed(brokers))
                for name in order:
                    producer = producers[name]
                    for i in range(records // rounds):
                        started = time.perf_counter()
                        producer.send(TOPIC, key=b"k%d" % i, value=value).get(30)
                        out[name].latencies_s.append(time.perf_counter() - started)
                    started = time.perf_counter()
                    futures = [
                        producer.send(TOPIC, key=b"b%d" % i, value=value)
                        for i in range(burst // rounds)
                    ]
                    producer.flush(60)
                    for f in futures:
                        f.get(0)
                    out[name].burst_s.append(time.perf_counter() - started)
            for producer in producers.values():
                producer.close()
            return out
        finally:
            for broker in brokers.values():
                broker.stop()
            store.stop(graceful_s=10)


def report(out: dict[str, Timings], burst: int, rounds: int) -> list[str]:
    mem, dur = out["memory"], out["durable"]
    per_round = burst // rounds

    def rate(t: Timings) -> float:
        return per_round / statistics.median(t.burst_s)

    lines = [
        f"{'broker':<8} {'sends':>6} {'median ms':>10} {'p95 ms':>8} {'burst rec/s':>12}",
    ]
    for name, t in out.items():
        lines.append(
            f"{name:<8} {len(t.latencies_s):>6} {t.median_ms:>10.2f} "
            f"{t.p(0.95) * 1000:>8.2f} {rate(t):>12.0f}"
        )
    lines.append(
        f"durable / memory: median latency x{dur.median_ms / mem.median_ms:.2f}, "
        f"p95 x{dur.p(0.95) / mem.p(0.95):.2f}, burst throughput x{rate(dur) / rate(mem):.2f}"
    )
    return lines
