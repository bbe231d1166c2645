"""faust's Kafka transport with the consumer's fetch wait taken from the settings.

faust builds its aiokafka consumer with ``fetch_max_wait_ms=1500``, fixed. A fetch
returns as soon as the broker has ``fetch_min_bytes`` (1) for it, so under load the wait
never applies; but where a broker answers an empty fetch only when the wait is over (the
local Tansu broker does), an article arriving at an idle worker waited for the running
fetch to end: up to 1.5 s, about 0.4 s on average in the end-to-end benchmark. With
``QW_FETCH_MAX_WAIT_MS`` (default 100) an idle worker asks again ten times a second (one
small request each), and a busy one is not slowed: its fetches find data at once. So the
wait is short where the pipeline is idle and irrelevant where it is loaded; batching under
load comes from what is already buffered (see ``QW_EXTRACT_BATCH_MAX``), not from waiting.
"""

from typing import Any

import faust
from faust.transport.drivers import aiokafka as driver


class ConsumerThread(driver.AIOKafkaConsumerThread):
    def _create_worker_consumer(self, transport: Any) -> Any:
        consumer = super()._create_worker_consumer(transport)
        # aiokafka hands this to its Fetcher when the consumer starts (after this).
        consumer._fetch_max_wait_ms = self.app.fetch_max_wait_ms  # type: ignore[attr-defined]
        return consumer


class Consumer(driver.Consumer):
    def _new_consumer_thread(self) -> ConsumerThread:
        return ConsumerThread(self, loop=self.loop, beacon=self.beacon)


class Transport(driver.Transport):
    Consumer = Consumer


class App(faust.App):
    """A faust app whose consumer waits at most ``fetch_max_wait_ms`` for a fetch."""

    def __init__(self, *args: Any, fetch_max_wait_ms: int = 100, **kwargs: Any) -> None:
        self.fetch_max_wait_ms = fetch_max_wait_ms
        super().__init__(*args, **kwargs)

    def _new_transport(self) -> Transport:
        return Transport(self.conf.broker_consumer, self)
