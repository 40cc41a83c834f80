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
