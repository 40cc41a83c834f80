import json

import pytest

pytest.importorskip("fastapi", reason="the serve extra is not installed")
from fastapi.testclient import TestClient  # noqa: E402

from conftest import EXAMPLE  # noqa: E402
from newsdigest.api import Limits, create_app  # noqa: E402
from newsdigest.stream import ingest  # noqa: E402

FEED = EXAMPLE.parent / "feed" / "feed.jsonl"
ARTICLES = [json.loads(line) for line in FEED.read_text().splitlines()]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = tmp_path_factory.mktemp("api") / "s.db"
    ingest([EXAMPLE, FEED], db)
    return str(db)


@pytest.fixture(scope="module")
def client(store):
    with TestClient(create_app(db=store, limits=Limits(workers=1, queue=4))) as c:
        yield c


def _files(*names):
    return [("files", (n, (EXAMPLE / n).read_bytes())) for n in names]


def test_health_and_schema(client):
    assert client.get("/healthz").json()["status"] == "ok"
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/v1/summarize", "/v1/summarize/files", "/v1/events", "/v1/events/{event_id}", "/v1/digest",
            "/healthz"} <= set(paths)


def test_summarize_json_is_the_cli_json(client):
    body = {"articles": [{k: a[k] for k in ("id", "title", "source", "date", "text")} for a in ARTICLES[3:6]],
            "words": 60}
    r = client.post("/v1/summarize", json=body)
    assert r.status_code == 200
    doc = r.json()
    assert doc["budget"] == {"unit": "words", "limit": 60} and doc["summary"]
    assert all(s["sources"] and s["support"] >= 1 for s in doc["summary"])
    assert {"quotes", "disagreements", "duplicates", "articles"} <= set(doc)


def test_summarize_files_of_several_formats(client):
    names = [p.name for p in sorted(EXAMPLE.iterdir())]
    r = client.post("/v1/summarize/files", files=_files(*names), data={"words": "80"})
    doc = r.json()
    assert r.status_code == 200 and doc["quotes"] and doc["duplicates"]
    html = client.post("/v1/summarize/files", files=_files(*names), data={"format": "html"})
    assert html.headers["content-type"].startswith("text/html") and "class=cite" in html.text


def test_stored_events_and_digest(client):
    events = client.get("/v1/events").json()
    assert sorted(e["size"] for e in events) == [3, 3, 5]
    one = client.get(f"/v1/events/{events[0]['event']}").json()
    assert one["summary"] and one["sources"] == events[0]["sources"]
    digest = client.get("/v1/digest", params={"date": "2025-03-12"}).json()
    assert digest["date"] == "2025-03-12" and len(digest["events"]) == 2
    assert "Digest for 2025-03-12" in client.get("/v1/digest", params={"date": "2025-03-12", "format": "html"}).text
    assert client.get("/v1/events", params={"min_sources": 4}).json()[0]["size"] == 5


def test_an_event_timeline_and_what_is_new_since_a_day(client):
    bridge = next(e for e in client.get("/v1/events").json() if e["size"] == 5)
    timeline = client.get(f"/v1/events/{bridge['event']}/timeline", params={"per_date": 1}).json()
    assert [d["date"] for d in timeline["timeline"]] == ["2025-02-03", "2025-02-04"]
    assert all(len(d["sentences"]) == 1 and d["sentences"][0]["support"] >= 1 for d in timeline["timeline"])
    part = client.get(f"/v1/events/{bridge['event']}/timeline", params={"format": "html"}).text
    assert part.count("<li class=day>") == 2 and "<html" not in part  # a fragment for the web page
    assert client.get("/v1/events/999/timeline").status_code == 404
    new = client.get("/v1/digest", params={"since": "2025-02-04"}).json()
    event = next(e for e in new["events"] if e["event"] == bridge["event"])
    assert event["since"] and not set(event["since"]) & {a["id"] for a in event["articles"]}


def test_an_event_latest_update_and_its_report(client):
    bridge = next(e for e in client.get("/v1/events").json() if e["size"] == 5)
    latest = client.get(f"/v1/events/{bridge['event']}/update").json()
    # the bridge's newest day is 2025-02-04: its articles, said against the three of the day before
    assert latest["new_since"] == "2025-02-04" and len(latest["since"]) == 3
    cited = {c["article"] for s in latest["summary"] for c in s["sources"]}
    assert cited and not cited & set(latest["since"])
    whole = client.get(f"/v1/events/{bridge['event']}/update", params={"since": "2025-01-01"}).json()
    assert whole["new_since"] == "2025-01-01" and "since" not in whole  # nothing earlier: the whole story
    assert client.get(f"/v1/events/{bridge['event']}/update", params={"since": "2025-05-01"}).status_code == 400
    html = client.get(f"/v1/events/{bridge['event']}/update", params={"format": "html"}).text
    assert html.startswith("<h3>New since 2025-02-04</h3>") and "class=cite" in html
    report = client.get(f"/v1/events/{bridge['event']}", params={"format": "html"}).text
    assert "Sources" in report and "<html" not in report
    assert client.get("/v1/events/999/update").status_code == 404


@pytest.mark.parametrize("request_, status, detail", [
    (("post", "/v1/summarize", {"json": {"articles": []}}), 422, None),
    (("post", "/v1/summarize", {"json": {"articles": [{"text": "x"}], "method": "nope"}}), 422, None),
    (("post", "/v1/summarize", {"json": {"articles": [{"text": "x", "extra": 1}]}}), 422, None),
    (("post", "/v1/summarize", {"json": {"articles": [{"text": "x"}], "words": 0}}), 422, None),
    (("post", "/v1/summarize", {"content": b"{not json", "headers": {"content-type": "application/json"}}), 422, None),
    (("post", "/v1/summarize", {"content": b'{"articles": [{"text": "a lone \\ud800 surrogate"}]}',  # was a 500
                                "headers": {"content-type": "application/json"}}), 422, None),
    (("post", "/v1/summarize", {"json": {"articles": [{"text": "x"}] * 11}}), 422, None),
    (("post", "/v1/summarize", {"json": {"articles": [{"text": "x" * 2000}]}}), 422, None),
    (("post", "/v1/summarize", {"json": {"articles": [{"id": "a", "text": "One. Two."}, {"id": "a", "text": "Three."}]}}),
     400, "also used by"),
    (("post", "/v1/summarize/files", {"files": [("files", ("x.png", b"\x89PNG\x00\x00\x01\x02"))]}), 400, "binary"),
    (("post", "/v1/summarize/files", {"files": [("files", ("x.json", b'{"text": '))]}), 400, "malformed JSON"),
    (("post", "/v1/summarize/files", {"files": [("files", ("e.txt", b"   "))]}), 400, "empty"),
    (("post", "/v1/summarize/files", {"data": {"words": "5"}}), 422, None),
    (("get", "/v1/events/999", {}), 404, "no such event"),
    (("get", "/v1/events/9223372036854775808", {}), 422, None),  # past SQLite's INTEGER (found by schemathesis in CI)
    (("get", "/v1/events/-1", {}), 422, None),
    (("get", "/v1/digest", {"params": {"date": "yesterday"}}), 400, "not a date"),
    (("get", "/v1/events", {"params": {"since": "2025-13-45"}}), 400, "not a date"),
    (("get", "/v1/events", {"params": {"limit": 0}}), 422, None),
])
def test_bad_requests_get_a_4xx_with_a_reason(store, request_, status, detail):
    limits = Limits(workers=1, queue=4, articles=10, article_bytes=1000)
    with TestClient(create_app(db=store, limits=limits)) as c:
        method, url, kwargs = request_
        r = getattr(c, method)(url, **kwargs)
    assert r.status_code == status, r.text
    if detail:
        assert detail in r.json()["detail"]


def test_request_size_limit_is_checked_before_reading(store):
    with TestClient(create_app(db=store, limits=Limits(request_bytes=1000))) as c:
        r = c.post("/v1/summarize", json={"articles": [{"text": "word " * 400}]})
        assert r.status_code == 413 and "byte limit" in r.json()["detail"]

        def chunks():  # a chunked body has no Content-Length: it could not be measured first
            yield b'{"articles": [{"text": "'
            yield b'word ' * 400 + b'"}]}'

        r = c.post("/v1/summarize", content=chunks(), headers={"content-type": "application/json"})
        assert r.status_code == 411


def test_without_a_store_the_event_routes_say_so():
    with TestClient(create_app()) as c:
        for url in ("/v1/events", "/v1/events/0", "/v1/digest"):
            r = c.get(url)
            assert r.status_code == 404 and "--db" in r.json()["detail"]


def test_token_is_required_on_every_api_request(store):
    with TestClient(create_app(db=store, token="s3cret")) as c:
        assert c.get("/healthz").status_code == 200 and c.get("/").status_code == 200
        assert c.get("/v1/events").status_code == 401
        assert c.get("/v1/events", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.get("/v1/events", headers={"Authorization": "Bearer s3cret"}).status_code == 200


def test_a_full_queue_answers_429_and_a_slow_request_504(store):
    app = create_app(db=store, limits=Limits(workers=1, queue=0))
    with TestClient(app) as c:
        app.state.gate.in_flight = 1  # the one worker is taken, nothing may wait
        r = c.get("/v1/events")
        assert r.status_code == 429 and r.headers["retry-after"] == "1"
        app.state.gate.in_flight = 0
    with TestClient(create_app(db=store, limits=Limits(seconds=0.001))) as c:
        r = c.post("/v1/summarize/files", files=_files("01_coastal-herald.txt"))
        assert r.status_code == 504 and "took over" in r.json()["detail"]


def test_the_page_is_self_contained(client):
    page = client.get("/").text
    assert "<script" in page and "http://" not in page and "https://" not in page
    assert 'name="viewport"' in page and "Events" in page


def test_llm_is_offered_only_with_an_endpoint_and_then_runs_in_the_workers(client, stub, example):
    from llm_stub import reply

    from newsdigest.settings import LLMSettings, Settings

    articles = [{"id": p.name, "text": p.read_text()} for p in sorted(example.glob("*.txt"))]
    assert client.post("/v1/summarize", json={"articles": articles, "method": "llm"}).status_code == 422
    import re

    def restate_first(request):
        first = re.search(r"^\[S1\] (.*)$", request["messages"][-1]["content"], re.MULTILINE).group(1)
        return reply(f"{first} [S1]")
    s = stub((200, restate_first, 0))
    settings = Settings(llm=LLMSettings(base_url=s.url, model="m", timeout_s=10))
    with TestClient(create_app(limits=Limits(workers=1, queue=2), settings=settings)) as c:
        r = c.post("/v1/summarize", json={"articles": articles, "method": "llm", "words": 60})
        assert r.status_code == 200, r.text
        kinds = [x["kind"] for x in r.json()["summary"]]
        assert kinds[0] == "generated" and set(kinds[1:]) <= {"extracted"}
        assert any(w.startswith("llm: ") for w in r.json()["warnings"]) and s.requests
        assert ">llm<" in c.get("/").text


def test_urls_are_fetched_but_never_on_the_servers_own_network_unless_allowed(store):
    from news_server import NewsServer, Page

    site = NewsServer({f"/{n}": Page((EXAMPLE / n).read_bytes(), "text/plain; charset=utf-8")
                       for n in ("01_coastal-herald.txt", "04_daily-courier.txt")})
    try:
        urls = [f"{site.url}/01_coastal-herald.txt", f"{site.url}/04_daily-courier.txt"]
        with TestClient(create_app(limits=Limits(workers=1))) as guarded:
            refused = guarded.post("/v1/summarize", json={"urls": urls})
            assert refused.status_code == 400 and "private or local address" in refused.json()["detail"]
            assert guarded.post("/v1/summarize", json={}).status_code == 422  # neither articles nor urls
        assert not site.hits  # refused before any request
        with TestClient(create_app(limits=Limits(workers=1, private_urls=True))) as intranet:
            done = intranet.post("/v1/summarize", json={"urls": urls + [f"{site.url}/gone"], "words": 40}).json()
        assert {a["id"] for a in done["articles"]} == set(urls) and done["summary"]
        assert f"{site.url}/gone: skipped (HTTP 404)" in done["warnings"]
    finally:
        site.close()
