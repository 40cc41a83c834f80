import re

import pytest

import newsdigest
from conftest import is_deletion_of
from newsdigest import methods
from newsdigest.model import Article

# Words that only the appended unrelated stories of the sochi cluster use.
APPENDED = re.compile(r"Minneapolis|Pretti|Leavitt|Walz|Esper|cruise missile|Security Council|Sanders|New START"
                      r"|Flynn|Trump Jr|Buenos Aires|Lindsey Graham|phone call", re.I)


def test_api_mirrors_the_cli_and_accepts_articles():
    arts = [Article("a", "The harbour bridge reopened on Monday after four months of repairs to the deck."),
            Article("b", "Officials said the harbour bridge reopened on Monday after four months of repairs.")]
    s = newsdigest.summarize(arts, method="lexrank", sentences=1)
    assert s.method == "lexrank" and len(s.sentences) == 1 and s.sentences[0].support == 2


def test_one_budget_only():
    with pytest.raises(newsdigest.ConfigError, match="one budget"):
        newsdigest.summarize([Article("a", "x.")], words=10, tokens=10)


def test_reading_order_is_date_then_position():
    arts = [Article("late", "The council voted on the harbour bridge toll on Friday after a long debate.", date="2025-03-07"),
            Article("early", "The harbour bridge reopened on Monday after four months of repairs.\n"
                             "Buses crossed the harbour bridge first, ahead of the morning rush.", date="2025-03-03")]
    s = newsdigest.summarize(arts, method="lead", sentences=3)
    assert [c.sources[0].article for c in s.sentences] == ["early", "early", "late"]


@pytest.mark.parametrize("method", methods.names(local=True))
@pytest.mark.parametrize("budget", [{"words": 100}, {"words": 250}, {"tokens": 40}, {"sentences": 8}])
def test_sochi_end_to_end(sochi, method, budget):
    s = newsdigest.summarize([sochi], method=method, **budget)
    assert s.sentences
    assert s.cluster.duplicates == (("000_853ff9b1885427e8.txt", "001_11648d1d8dba948d.txt"),)
    docs = {d.id: d for d in s.cluster.documents}
    appended = {c.text for d in s.cluster.documents for c in d.removed if c.reason.startswith("appended")}
    for sentence in s.sentences:
        assert not APPENDED.search(sentence.text), sentence.text
        assert not any(sentence.text in cut for cut in appended)
        assert sentence.sources, sentence.text
        for c in sentence.sources:  # every citation names a real kept sentence
            assert docs[c.article].sentences[c.sentence].index == c.sentence
        origin = sentence.sources[0]
        assert docs[origin.article].sentences[origin.sentence].text == sentence.text
        assert is_deletion_of(sentence.text, docs[origin.article].sentences[origin.sentence].original)
        assert "001_11648d1d8dba948d.txt" not in {c.article for c in sentence.sources}  # a copy is no source


def test_entities_found_beside_selection_are_those_found_in_line(sochi):
    from newsdigest.analyze import find_entities
    from newsdigest.pipeline import english_view

    summary = newsdigest.summarize([sochi])
    assert summary.entities and summary.entities == find_entities(english_view(summary.cluster))


def test_the_encoders_threads_beside_the_tagger_change_no_summary(sochi):
    """The encoder runs on one BLAS thread while spaCy tags beside it; on two, or with the
    setting off, every citation, support count and score must be the same."""
    from newsdigest.support import ENCODER

    runs = []
    for threads in (1, 2, 0):
        ENCODER.clear()
        summary = newsdigest.summarize([sochi], settings=newsdigest.Settings(encoder_threads_beside=threads))
        runs.append([(s.text, s.sources, s.support, s.claims) for s in summary.sentences] + [summary.quotes])
    assert runs[0] == runs[1] == runs[2]
    assert any(support > 1 for _, _, support, _ in runs[0][:-1])


def test_work_in_the_background_hands_its_error_to_the_caller():
    from newsdigest.pipeline import background

    def fails(name):
        raise newsdigest.InputError(name, "unreadable")

    assert background(sorted, [3, 1, 2]).result() == [1, 2, 3]
    with pytest.raises(newsdigest.InputError, match="a.txt: unreadable"):
        background(fails, "a.txt").result()


def test_analysis_is_optional(example):
    full = newsdigest.summarize([example])
    light = newsdigest.summarize([example], analyze=False)
    assert full.quotes and full.disagreements and full.entities
    assert (light.quotes, light.disagreements, light.entities) == ((), (), ())
    assert [s.text for s in light.sentences] == [s.text for s in full.sentences]


@pytest.mark.parametrize("bad", [123, [123], [Article("a", None)], [Article("", "text")], [Article("a", "x", blocks=("p",))]])
def test_the_python_api_raises_only_its_own_errors_on_bad_input(bad):
    from newsdigest import summarize
    from newsdigest.errors import InputError

    with pytest.raises(InputError):
        summarize(bad)


def test_a_folder_of_nested_brackets_is_a_one_line_error(tmp_path):
    from newsdigest import summarize
    from newsdigest.errors import InputError

    (tmp_path / "deep.json").write_bytes(b"[" * 100_000)
    with pytest.raises(InputError, match="nested too deeply"):
        summarize([tmp_path])


def test_without_citations_the_same_sentences_and_no_encoder(example):
    """`--format text` prints the sentences alone, so it skips attribution and the sentence
    encoder's load: the sentences must be the ones the cited summary has."""
    from newsdigest import summarize, support

    cited = summarize([example], analyze=False)
    support.ENCODER.clear()  # else cached vectors would hide an attribution run
    before = support.ENCODER.encoded
    bare = summarize([example], analyze=False, cite=False)
    assert support.ENCODER.encoded == before
    assert [s.text for s in bare.sentences] == [s.text for s in cited.sentences]
    assert all(s.support == 0 and len(s.sources) == 1 for s in bare.sentences)
    assert [s.sources[0] for s in bare.sentences] == [s.sources[0] for s in cited.sentences]
