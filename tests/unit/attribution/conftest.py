"""Fixtures shared by the attribution rule tests."""

import pytest


@pytest.fixture(params=["fast", "full"])
def ex(request, extractor, full_extractor):
    """Each rule test runs on the fast path and on the full parse."""
    return extractor if request.param == "fast" else full_extractor
