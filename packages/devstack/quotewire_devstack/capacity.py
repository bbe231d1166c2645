"""How much the embedded stack holds, and the local index's retention.

The local search server (osmem) keeps every document in memory: about
:data:`BYTES_PER_STATEMENT` of resident memory per statement (the statement, its share of
its article and of the derived speaker and quote indices). ``make bench-e2e`` measures it
(31.8 KB at 60,700 statements, Go's heap slack included, since the stored-only fields
are neither indexed nor given doc values; 47.6 KB before that); ``make bench-index``
30.6 KB at 100,000. So a machine's memory, not its disk, bounds what
``quotewire stack up`` holds:

* ``quotewire stack status`` shows the search server's memory and warns when it nears the
  machine's (:func:`capacity_warning`);
* ``quotewire stack up --retention DAYS`` (``QW_LOCAL_RETENTION_DAYS``) makes the
  supervisor delete, every :data:`RETENTION_INTERVAL_S` and at start, the statements and
  articles the stack received more than DAYS ago (:class:`LocalRetention`). Kafka keeps
  them: an index rebuild (the search server restarted) brings them back until the next
  pass. The speakers registry and quote clusters keep their counts (derived data).
"""

import logging
import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

log = logging.getLogger(__name__)

#: Resident memory of the local search server per statement held (bytes), measured.
BYTES_PER_STATEMENT = 31_800
#: `stack status` warns above this share of the machine's memory...
WARN_SHARE = 0.5
#: ...or when less than this share of it is still available.
LOW_AVAILABLE_SHARE = 0.1
RETENTION_INTERVAL_S = 600.0
GIB = 1024**3


def statements_per_gb(bytes_per_statement: int = BYTES_PER_STATEMENT) -> int:
    return int(1e9 // bytes_per_statement)


def rss_bytes(pid: int, proc: Path = Path("/proc")) -> int | None:
    """Resident memory of a process (``VmRSS``), None where /proc does not say."""
    try:
        for line in (proc / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def process_table(proc: Path = Path("/proc")) -> dict[int, tuple[int, float]]:
    """pid → (parent pid, CPU seconds user + system so far) of every process /proc lists:
    one reading for all the trees asked about (:func:`tree_cpu_seconds`)."""
    ticks = os.sysconf("SC_CLK_TCK")
    stats: dict[int, tuple[int, float]] = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks)
    return stats


def tree_cpu_seconds(pid: int, table: dict[int, tuple[int, float]] | None = None) -> float | None:
    """CPU seconds (user + system) a process and its live descendants used so far (the
    extract unit's worker processes are its children), from ``table`` (a
    :func:`process_table`; read now when not given); None where /proc does not say."""
    stats = process_table() if table is None else table
    if pid not in stats:
        return None
    children: dict[int, list[int]] = {}
    for child, (parent, _) in stats.items():
        children.setdefault(parent, []).append(child)
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        total += stats[current][1]
        todo += children.get(current, [])
    return total


def meminfo(path: Path = Path("/proc/meminfo")) -> tuple[int, int] | None:
    """(total, available) bytes of this machine's memory, None where unknown."""
    try:
        values = {}
        for line in path.read_text().splitlines():
            key, _, rest = line.partition(":")
            values[key] = int(rest.split()[0]) * 1024
        return values["MemTotal"], values["MemAvailable"]
    except (OSError, ValueError, KeyError, IndexError):
        return None


def capacity_line(rss: int, total: int) -> str:
    held = rss // BYTES_PER_STATEMENT
    room = max(0, int(total * WARN_SHARE) - rss) // BYTES_PER_STATEMENT
    return (
        f"{rss / GIB:.1f} GiB resident ({rss / total:.0%} of {total / GIB:.1f} GiB), about "
        f"{held:,} statements at ~{BYTES_PER_STATEMENT // 1000} KB each; room for about "
        f"{room:,} more before the warning"
    )


def capacity_warning(rss: int, total: int, available: int) -> str | None:
    """A warning when the in-memory search server nears the machine's memory."""
    if rss < WARN_SHARE * total and available >= LOW_AVAILABLE_SHARE * total:
        return None
    return (
        f"the in-memory search server holds {rss / GIB:.1f} GiB ({rss / total:.0%} of this "
        f"machine's memory; {available / GIB:.1f} GiB still available): it keeps about "
        f"{statements_per_gb():,} statements per GB. Keep less with `quotewire stack up "
        "--retention DAYS` (QW_LOCAL_RETENTION_DAYS), or use Elasticsearch for this volume"
    )


@dataclass(frozen=True)
class RetentionTarget:
    index: str  # an alias of the local stack
    field: str  # when the stack received the document


TARGETS = (
    RetentionTarget("statements", "article_received_at"),
    RetentionTarget("articles", "received_at"),
)


class LocalRetention:
    """Deletes documents received more than ``days`` ago from the local search server."""

    def __init__(
        self,
        es,
        days: float,
        interval_s: float = RETENTION_INTERVAL_S,
        clock=time.monotonic,
        now=lambda: datetime.now(UTC),
        targets: tuple[RetentionTarget, ...] = TARGETS,
    ) -> None:
        if days <= 0:
            raise ValueError("retention days must be above 0")
        self.es, self.days, self.interval_s = es, days, interval_s
        self.targets = targets
        self.clock, self.now = clock, now
        self.last_run: float | None = None
        self.deleted: dict[str, int] = {}

    def cutoff(self) -> datetime:
        return self.now() - timedelta(days=self.days)

    def due(self) -> bool:
        return self.last_run is None or self.clock() - self.last_run >= self.interval_s

    def run_once(self) -> dict[str, int]:
        """One pass: per index the documents deleted (an index not there yet: 0)."""
        self.last_run = self.clock()
        cutoff = self.cutoff().isoformat()
        out = {}
        for target in self.targets:
            try:
                resp = self.es.delete_by_query(
                    index=target.index,
                    query={"range": {target.field: {"lt": cutoff}}},
                    conflicts="proceed",
                    refresh=True,
                    ignore_unavailable=True,
                )
            except Exception as exc:  # noqa: BLE001 - the server restarts; next pass
                log.warning(
                    "retention pass failed", extra={"index": target.index, "error": str(exc)}
                )
                continue
            out[target.index] = int(resp.get("deleted", 0))
            self.deleted[target.index] = self.deleted.get(target.index, 0) + out[target.index]
        if any(out.values()):
            log.info(
                "local retention: deleted documents received before %s",
                cutoff,
                extra={"deleted": out, "days": self.days},
            )
        return out
