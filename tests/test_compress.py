import pytest

from conftest import is_deletion_of
from newsdigest.compress import compress


@pytest.mark.parametrize("before,after", [
    ("However, that is no reason to go back on the accord, he said.", "That is no reason to go back on the accord."),
    ("The repairs cost 42 million crowns, about a third of it paid by the road fund, city officials said.",
     "The repairs cost 42 million crowns, about a third of it paid by the road fund."),
    ("The blast at 9:45 a.m. (0745 GMT) in the Mahane Yehuda market killed two people.",
     "The blast at 9:45 a.m. in the Mahane Yehuda market killed two people."),
    ("Oil prices rose 3 percent in a week, according to the International Energy Agency.",
     "Oil prices rose 3 percent in a week."),
    ("Prices rose sharply in the capital last month, the ministry told reporters on Monday.",
     "Prices rose sharply in the capital last month."),
    ("The committee (which met twice) said the report was late.", "The committee said the report was late."),
    ("- The Lehigh County Humane Society has come to the rescue of 71 beagles.",
     "The Lehigh County Humane Society has come to the rescue of 71 beagles."),  # a list item's dash
    ("-- The European Union is extending 750 million U.S. dollars in loans to Turkey.",
     "The European Union is extending 750 million U.S. dollars in loans to Turkey."),
    ("(HealthDay News) -- Babies process and preserve memories during the naps they take.",
     "Babies process and preserve memories during the naps they take."),  # the dash after a credit
])
def test_deletable_spans_go(before, after):
    assert compress(before) == after
    assert is_deletion_of(after, before)


@pytest.mark.parametrize("sentence", [
    '"The bridge is safer today than ever," Brandt told reporters.',  # a quote keeps its speaker
    "“We will not back down,” the minister said on Tuesday.",
    "He said the plan was sound.",                                      # nothing deletable
    "The investigation is continuing, Schuebel said.",                  # too little would be left
    "Officials (\"we are ready\") said the bridge would open.",          # a parenthesis with a quote
])
def test_what_must_stay_stays(sentence):
    assert compress(sentence) == sentence


@pytest.mark.parametrize("before,after", [
    ("Le Groupe d'experts sur le climat (GIEC) a publié son rapport jeudi à Paris.",
     "Le Groupe d'experts sur le climat a publié son rapport jeudi à Paris."),
    ("Ο σεισμός σημειώθηκε στις 18.00 (21.30 UTC) κοντά στην ακτή της χώρας.",
     "Ο σεισμός σημειώθηκε στις 18.00 κοντά στην ακτή της χώρας."),
])
def test_another_language_loses_only_its_parentheticals(before, after):
    assert compress(before, english=False) == after
    assert is_deletion_of(after, before)


@pytest.mark.parametrize("sentence", [
    "But the ministry's report was late again this year, officials said.",  # English words: English rules only
    "Mais le rapport du ministère est arrivé en retard cette année, selon l'AFP.",
])
def test_another_language_keeps_what_only_english_words_would_cut(sentence):
    assert compress(sentence, english=False) == sentence
