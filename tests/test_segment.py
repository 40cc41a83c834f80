import pytest

from newsdigest.model import Article, Cleaned
from newsdigest.segment import segment, split_sentences

# One case per hazard of news English; each string holds exactly the sentences listed.
CASES = [
    ["The U.S. Secretary of State met Gen. Smith in Sochi.", "Then he left."],
    ["Mr. Pompeo and Dr. J. R. Smith spoke on Tuesday.", "It was late."],
    ['"It is over," Pompeo said.', '"We will respond."'],
    ["Prices rose 3.5 percent to $1.2 billion in Jan. 2019.", "Analysts were surprised."],
    ["WASHINGTON (AP) _ The Senate voted 52-48 on Friday.", "The bill now goes to the House."],
    ["He lives in the U.S.", "The weather is fine."],
    ["The company, Acme Inc., said sales fell.", "Shares dropped."],
    ["Rep. Henry Hyde, R-Ill., called it a journey.", "Nobody agreed."],
    ["He asked, 'Why now?'", "Nobody answered."],
]


@pytest.mark.parametrize("sentences", CASES, ids=lambda c: c[0][:30])
def test_news_english_boundaries(sentences):
    assert split_sentences(" ".join(sentences)) == sentences


def test_a_quotation_split_at_its_inner_full_stop_is_joined_again():
    quote = ('"Interference in American elections is unacceptable. If Russia engaged in that in 2020, '
             'it would put our relationship in an even worse place," Pompeo said.')
    assert split_sentences(quote + " He left.") == [quote, "He left."]
    curly = "He said: “We will go. We will stay.” Then he left."
    assert split_sentences(curly) == ["He said: “We will go. We will stay.”", "Then he left."]


def test_an_attribution_after_a_quoted_question_stays_with_it():
    text = '"Is there something wrong with it?" fan Jordan Deuschleman asked. "Why?" Tom said. Then he left.'
    # a capitalised word after the quote may open a new sentence: that cut stays (a known limit)
    assert split_sentences(text) == ['"Is there something wrong with it?" fan Jordan Deuschleman asked.',
                                     '"Why?"', "Tom said.", "Then he left."]


def test_segment_numbers_sentences_per_article_and_counts_words_and_tokens():
    doc = segment(Cleaned(Article("a", ""), ("First one here. Second one, with a comma.", "Third paragraph.")))
    assert [(s.index, s.paragraph, s.text) for s in doc.sentences] == [
        (0, 0, "First one here."), (1, 0, "Second one, with a comma."), (2, 1, "Third paragraph.")]
    second = doc.sentences[1]
    assert second.words == 5 and second.tokens == 7  # the comma and the full stop are tokens
    assert second.terms == ("second", "comma")  # stop words dropped, stems kept


def test_article_with_no_sentences():
    assert segment(Cleaned(Article("a", ""), ())).sentences == ()


def test_an_article_in_another_language_is_compressed_by_the_bracket_rule_alone():
    text = ("Mais le Groupe d'experts sur le climat (GIEC) a publié son rapport jeudi à Paris, selon l'AFP. "
            "Il sera présenté aux ministres la semaine prochaine à Genève.")
    first = segment(Cleaned(Article("a", "", language="fr"), (text,))).sentences[0]
    assert first.text == "Mais le Groupe d'experts sur le climat a publié son rapport jeudi à Paris, selon l'AFP."
    assert first.full.startswith("Mais le Groupe d'experts sur le climat (GIEC)")  # the citation keeps it


def test_a_dateline_with_a_wire_credit_is_read_in_any_paragraph():
    """Only the story's opening may carry a bare dateline ("PORT ALDEN:"); one with a wire credit
    opens a story wherever it stands (a digest's items; a photo caption above the story), also in
    CNN's form without a dash."""
    paragraphs = ("Divers inspect the piers of the bridge before it reopens to traffic on Monday.",
                  "PORT ALDEN (AP) — The harbour bridge reopened on Monday after four months of repairs.",
                  "MAYOR: We will not raise the toll before July, whatever the council decides.",
                  "Tokyo (CNN) Seven sailors are missing after their ship collided with a tanker at dawn.",
                  "(CNN) - Patience is in ever-shorter supply among the residents of the harbour.",
                  "The report, seen by the Port Alden Herald (AP), says the repairs cost 42 million crowns.")
    sentences = segment(Cleaned(Article("a", ""), paragraphs)).sentences
    assert [s.text.split()[0] for s in sentences] == ["Divers", "The", "MAYOR:", "Seven", "Patience", "The"]
    assert sentences[1].full.startswith("PORT ALDEN (AP) —") and sentences[3].full.startswith("Tokyo (CNN)")
    dated = ("PORT ALDEN, March 3 (Xinhua) -- The harbour bridge reopened on Monday after four months of repairs.",
             "LOS ANGELES, May 28 -- Engineers replaced 14 steel cables and rebuilt the damaged deck.")
    assert [segment(Cleaned(Article("b", ""), (p,))).sentences[0].text.split()[0] for p in dated] == ["The", "Engineers"]


def test_a_sentence_the_page_cut_off_is_a_fragment():
    paragraphs = ("The harbour bridge reopened to traffic on Monday after four months of repairs.",
                  "House Republicans say they will make another run at immigration legislation...",
                  "Divers inspect the piers at the harbour in Port Alden, Calif., on Tuesday,...",
                  "Second came the ferry, followed by the buses. ...")
    assert [s.fragment for s in segment(Cleaned(Article("a", ""), paragraphs)).sentences] == [False, True, True, False]
    french = segment(Cleaned(Article("b", "", language="fr"), ("C'étaient des paroles d'étudiants instruits...",)))
    assert not french.sentences[0].fragment  # an ellipsis ends sentences in other languages: English only
