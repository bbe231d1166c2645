"""Search and clustering on N statements: kept as a name for ``make bench-index``.

    .venv/bin/python -m tests.integration.measure_search [STATEMENTS] [QUERIES]

Runs :mod:`tests.integration.bench_index` with ``--search-statements STATEMENTS
--queries QUERIES`` (the indexer ratio on 10,000 statements, with the registry and
clustering cost against plain writes, then the search percentiles).
"""

import sys

from tests.integration import bench_index

if __name__ == "__main__":
    n = sys.argv[1] if len(sys.argv) > 1 else "100000"
    q = sys.argv[2] if len(sys.argv) > 2 else "200"
    sys.argv = [
        sys.argv[0],
        "--ratio-statements",
        "10000",
        "--search-statements",
        n,
        "--queries",
        q,
    ]
    bench_index.main()
