"""Spark stages in local mode (issue 8, in progress). Marked `spark`: `pytest -m "not spark"` skips them."""
import pytest

pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed (the spark extra)")
pytestmark = pytest.mark.spark

from conftest import EXAMPLE  # noqa: E402
from newsdigest import Settings  # noqa: E402
from newsdigest.ingest import read_paths  # noqa: E402
from newsdigest.spark import clean_and_sign, duplicate_groups  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    import os
    import sys

    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable  # workers need this venv's packages

    session = (SparkSession.builder.master("local[2]").appName("newsdigest-tests")
               .config("spark.pyspark.python", sys.executable)  # workers need this venv's packages
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate())
    yield session
    session.stop()


@pytest.mark.parametrize("partitions", [1, 4])
def test_duplicate_groups_match_the_stream_and_ignore_partitioning(spark, partitions):
    articles = read_paths([EXAMPLE, EXAMPLE.parent / "feed" / "feed.jsonl"])
    rdd = spark.sparkContext.parallelize(articles, partitions)
    groups = duplicate_groups(clean_and_sign(rdd, Settings()), Settings())
    # the same group `ingest` finds (tests/test_stream.py), the smallest id as representative
    assert groups == {"01_coastal-herald.txt": "01_coastal-herald.txt",
                      "02_coastal-herald-recrawl.txt": "01_coastal-herald.txt"}


@pytest.mark.parametrize("partitions", [1, 4])
def test_events_find_the_feed_and_agree_with_the_stream(spark, partitions, tmp_path):
    from conftest import synthetic_feed, write_jsonl
    from newsdigest.evaluate.clustering import bcubed
    from newsdigest.spark import events
    from newsdigest.stream import cluster

    records = synthetic_feed(events=25, per_event=4, seed=3)
    feed = write_jsonl(tmp_path / "feed.jsonl", records)
    articles = read_paths([feed])
    signed = clean_and_sign(spark.sparkContext.parallelize(articles, partitions), Settings()).cache()
    labels = events(signed, duplicate_groups(signed, Settings()), Settings())
    truth = [r["id"].split("-")[0] for r in records]
    ours = [labels[r["id"]] for r in records]
    assert bcubed(ours, truth)[2] > 0.95
    stream, _ = cluster([feed])
    theirs = {r["article"]: r["event"] for r in stream}
    assert bcubed(ours, [theirs[r["id"]] for r in records])[2] > 0.95  # Spark vs `ingest`


def test_one_and_four_partitions_give_the_same_ids_and_events(spark, tmp_path):
    from conftest import synthetic_feed, write_jsonl
    from newsdigest.spark import events

    feed = write_jsonl(tmp_path / "feed.jsonl", synthetic_feed(events=15, per_event=3, seed=5))
    articles = read_paths([feed, EXAMPLE])
    results = []
    for partitions in (1, 4):
        signed = clean_and_sign(spark.sparkContext.parallelize(articles, partitions), Settings()).cache()
        groups = duplicate_groups(signed, Settings())
        results.append((groups, events(signed, groups, Settings())))
    assert results[0] == results[1]


def test_one_summary_per_event_with_the_cli_schema(spark):
    from newsdigest.spark import events, summaries

    articles = read_paths([EXAMPLE, EXAMPLE.parent / "feed" / "feed.jsonl"])
    rdd = spark.sparkContext.parallelize(articles, 2)
    signed = clean_and_sign(rdd, Settings()).cache()
    labels = events(signed, duplicate_groups(signed, Settings()), Settings())
    docs = sorted(summaries(rdd, labels, Settings()).collect(), key=lambda d: d["event"])
    assert [d["size"] for d in docs] == [5, 3, 3] and [d["sources"] for d in docs] == [4, 3, 3]
    assert all(d["summary"] and all(s["sources"] for s in d["summary"]) for d in docs)


def test_run_writes_events_and_skips(tmp_path):
    import json

    from newsdigest.spark import run

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n{not json\n')
    counts = run([str(EXAMPLE.parent / "feed" / "feed.jsonl"), str(bad)], str(tmp_path / "out"), master="local[1]")
    assert counts["events"] == 2 and counts["skipped"] == 2
    docs = [json.loads(x) for x in (tmp_path / "out" / "events.jsonl").read_text().splitlines()]
    assert sorted(d["size"] for d in docs) == [3, 3]
    assert len((tmp_path / "out" / "skipped.jsonl").read_text().splitlines()) == 2
