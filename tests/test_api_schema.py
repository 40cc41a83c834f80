"""Property-based run of the whole OpenAPI schema (schemathesis): no input yields a server error."""
import pytest

pytest.importorskip("fastapi", reason="the serve extra is not installed")
schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")
from hypothesis import HealthCheck, settings  # noqa: E402

from conftest import EXAMPLE  # noqa: E402
from newsdigest.api import Limits, create_app  # noqa: E402
from newsdigest.stream import ingest  # noqa: E402

CASES = {}


def _app(tmp_dir):
    db = tmp_dir / "schema.db"
    if not db.exists():
        ingest([EXAMPLE, EXAMPLE.parent / "feed" / "feed.jsonl"], db)
    return create_app(db=str(db), limits=Limits(workers=1, queue=64, articles=20, article_bytes=20_000))


import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

_TMP = Path(tempfile.mkdtemp(prefix="nd-schema-"))
APP = _app(_TMP)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_input_makes_a_server_error(case):
    response = case.call()
    key = f"{case.method} {case.path}"
    CASES[key] = CASES.get(key, 0) + 1
    assert response.status_code < 500, (key, response.status_code, response.text[:300])


def test_report_the_number_of_cases(capsys):
    with capsys.disabled():
        print(f"\nschemathesis: {sum(CASES.values())} cases over {len(CASES)} operations: {CASES}")
