"""Media-type adapter for the in-memory Elasticsearch-API server of the local stack.

elasticsearch-py 9 sends ``application/vnd.elasticsearch+json; compatible-with=9``;
osmem-server answers 406 to it. This node class rewrites those headers to plain JSON
(NDJSON for bulk). Local stack and tests only: real Elasticsearch needs no adapter, and
production never sets ``QW_ES_NODE_CLASS``.
"""

from elastic_transport import Urllib3HttpNode

NODE_CLASS_PATH = f"{__name__}:PlainJsonNode"


def _plain(value: str) -> str:
    if "vnd.elasticsearch" not in value:
        return value
    return "application/x-ndjson" if "x-ndjson" in value else "application/json"


class PlainJsonNode(Urllib3HttpNode):
    def perform_request(self, method, target, body=None, headers=None, request_timeout=None):
        if headers:
            headers = headers.copy()
            for name in ("accept", "content-type"):
                for key in [k for k in headers if k.lower() == name]:
                    headers[key] = _plain(headers[key])
        return super().perform_request(
            method, target, body=body, headers=headers, request_timeout=request_timeout
        )
