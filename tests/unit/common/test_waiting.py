"""quotewire_common.waiting.wait_until: the one poll loop."""

import pytest
from quotewire_common.waiting import wait_until


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_returns_the_first_truthy_answer():
    clock = FakeClock()
    answers = iter([None, 0, "ready"])
    assert wait_until(lambda: next(answers), 10, 1, clock=clock, sleep=clock.sleep) == "ready"
    assert clock.sleeps == [1, 1]


def test_times_out_naming_what_and_the_last_error():
    clock = FakeClock()

    def refuse():
        raise ConnectionError("refused")

    with pytest.raises(TimeoutError, match=r"no broker at x after 3s: refused"):
        wait_until(
            refuse, 3, 1, "no broker at x", retry_on=(OSError,), clock=clock, sleep=clock.sleep
        )
    assert clock.now == 3  # asked once more when the time ran out, never slept past it


def test_other_errors_propagate_at_once():
    clock = FakeClock()

    def died():
        raise RuntimeError("exited with 1")

    with pytest.raises(RuntimeError, match="exited"):
        wait_until(died, 10, 1, retry_on=(OSError,), clock=clock, sleep=clock.sleep)
    assert clock.sleeps == []


def test_last_sleep_is_cut_to_the_deadline():
    clock = FakeClock()
    with pytest.raises(TimeoutError):
        wait_until(lambda: False, 2.5, 1, clock=clock, sleep=clock.sleep)
    assert clock.sleeps == [1, 1, 0.5]
