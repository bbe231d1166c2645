"""Dead letters: the headers that say why a message was given up on.

The value and key of a dead letter are the original bytes, unchanged; these headers
carry the reason. Used by every worker, whatever Kafka client it uses.
"""

from datetime import UTC, datetime

from quotewire_contracts import DlqHeader


def dlq_headers(
    *,
    reason: str,
    error_class: str,
    service: str,
    source_topic: str,
    source_partition: int | None,
    source_offset: int | None,
    original_headers: list[tuple[str, bytes]] | None = None,
) -> list[tuple[str, bytes]]:
    """Kafka headers for a dead letter; the original headers are kept after ours."""
    ours = {
        DlqHeader.REASON: reason[:4000],
        DlqHeader.ERROR_CLASS: error_class,
        DlqHeader.SERVICE: service,
        DlqHeader.SOURCE_TOPIC: source_topic,
        DlqHeader.SOURCE_PARTITION: "" if source_partition is None else str(source_partition),
        DlqHeader.SOURCE_OFFSET: "" if source_offset is None else str(source_offset),
        DlqHeader.FAILED_AT: datetime.now(UTC).isoformat(),
    }
    headers = [(str(k), v.encode("utf-8")) for k, v in ours.items()]
    kept = [(k, v) for k, v in (original_headers or []) if not k.startswith("qw-dlq-")]
    return headers + kept


def read_dlq_headers(headers: list[tuple[str, bytes]] | None) -> dict[str, str]:
    """The ``qw-dlq-*`` headers of a dead letter as text, for tools and tests."""
    return {
        k: (v or b"").decode("utf-8", "replace")
        for k, v in (headers or [])
        if k.startswith("qw-dlq-")
    }


class DeadLetterBudget:
    """Stops a worker when most messages fail: that is a bug or an outage, not bad data.

    ``record(ok)`` after each message; raises ``RuntimeError`` when, over the last
    ``window`` messages, more than ``max_ratio`` failed (once at least ``window``
    messages were seen), or when ``max_streak`` consecutive messages failed.
    """

    def __init__(self, window: int = 200, max_ratio: float = 0.9, max_streak: int = 1000) -> None:
        self.window = window
        self.max_ratio = max_ratio
        self.max_streak = max_streak
        self._recent: list[bool] = []
        self._streak = 0

    def record(self, ok: bool) -> None:
        self._recent.append(ok)
        if len(self._recent) > self.window:
            del self._recent[0]
        self._streak = 0 if ok else self._streak + 1
        if self._streak >= self.max_streak:
            raise RuntimeError(f"{self._streak} consecutive messages dead-lettered; stopping")
        if len(self._recent) >= self.window:
            failed = self._recent.count(False) / len(self._recent)
            if failed > self.max_ratio:
                raise RuntimeError(
                    f"{failed:.0%} of the last {len(self._recent)} messages dead-lettered; stopping"
                )
