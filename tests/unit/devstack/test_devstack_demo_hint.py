"""`make demo` ends by saying where the page is once `quotewire stack up` runs."""

import inspect

from quotewire_devstack.cli import up
from quotewire_devstack.demo import BROWSE_HINT


def test_browse_hint_points_at_the_search_port_of_stack_up():
    port = inspect.signature(up).parameters["search_port"].default
    assert f"http://127.0.0.1:{port}/" in BROWSE_HINT
    assert "quotewire stack up" in BROWSE_HINT and "quotewire ingest seeds/" in BROWSE_HINT
