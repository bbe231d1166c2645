"""One way to wait for something: :func:`wait_until`.

Every "is it up yet?" loop of quotewire (a broker, the search server, Kibana, a port, a
process's health URL, the local object store) is this one function with a predicate:
the deadline, the interval, the last error and the message when time runs out are
handled here once.
"""

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(
    predicate: Callable[[], T],
    timeout: float,
    interval: float = 0.5,
    what: str = "the condition",
    *,
    retry_on: tuple[type[BaseException], ...] = (),
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Call ``predicate`` until it returns something truthy, and return that.

    It is called at once, then every ``interval`` seconds, at least once after the
    ``timeout`` ran out. Exceptions of the ``retry_on`` types mean "not yet" (the last
    one is named when time runs out); any other propagates at once (a process that died
    will not come up by waiting). When time runs out: ``TimeoutError("<what> after
    <timeout>s: <last error>")`` — so ``what`` says what is missing: ``"no Kafka broker
    at localhost:9092"``.
    """
    deadline = clock() + timeout
    last: BaseException | None = None
    while True:
        try:
            result = predicate()
        except retry_on as exc:
            last, result = exc, None
        if result:
            return result
        left = deadline - clock()
        if left <= 0:
            break
        sleep(min(interval, left))
    raise TimeoutError(f"{what} after {timeout:.0f}s" + (f": {last}" if last else ""))
