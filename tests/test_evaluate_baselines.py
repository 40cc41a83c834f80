from newsdigest import build_cluster
from newsdigest.evaluate.baselines import Random, Sumy, SUMY_ALGORITHMS
from newsdigest.ingest import read_paths
from newsdigest.model import Budget


def cluster_of(example):
    return build_cluster(read_paths([example]))


def test_random_is_seeded_by_content_and_seed(example):
    cluster = cluster_of(example)
    a = Random(seed=1).select(cluster, Budget(words=60)).keys
    assert a == Random(seed=1).select(cluster_of(example), Budget(words=60)).keys
    assert a != Random(seed=2).select(cluster, Budget(words=60)).keys


def test_sumy_baselines_pick_kept_sentences_within_budget(example):
    cluster = cluster_of(example)
    by_key = {(s.article, s.index): s for s in cluster.sentences}
    for algorithm in SUMY_ALGORITHMS:
        keys = Sumy(algorithm=algorithm).select(cluster, Budget(words=80)).keys
        assert keys and all(k in by_key for k in keys), algorithm
        assert sum(by_key[k].words for k in keys) <= 80


def test_sumy_ranking_is_sumys_own(example):
    """The first pick is the sentence sumy's LexRank rates highest on the same sentences."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    from newsdigest.evaluate.baselines import _Tokenizer

    cluster = cluster_of(example)
    groups = {}
    for s in cluster.sentences:
        groups.setdefault(s.article, []).append(Sentence(s.text, _Tokenizer()))
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    [best] = summarizer(ObjectDocumentModel([Paragraph(g) for g in groups.values()]), 1)
    scores = Sumy(algorithm="lexrank").scores(cluster.sentences, None)
    assert cluster.sentences[int(scores.argmax())].text == str(best)


def test_sumy_lsa_picks_do_not_depend_on_the_hash_seed():
    """sumy builds its vocabulary from a set; float noise must not change the picks between runs."""
    import os
    import subprocess
    import sys

    from conftest import shared

    shared("duc2003")
    code = ("from newsdigest.evaluate import load; from newsdigest.evaluate.baselines import Sumy; "
            "from newsdigest import build_cluster; from newsdigest.model import Budget; import sys; "
            "print([Sumy(algorithm='lsa').select(build_cluster(c.articles), Budget(words=100)).keys "
            "for c in load('duc2003', sys.argv[1], limit=8)])")
    runs = {subprocess.run([sys.executable, "-c", code, str(shared("."))], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(runs) == 1
