"""newsdigest.timelines: the days sentences speak of, and the timeline built on them."""
import pytest

import newsdigest
from newsdigest.errors import ConfigError
from newsdigest.language import language
from newsdigest.model import Article
from newsdigest.timelines import mentioned_dates

EN = language("en")
THURSDAY = "2011-01-27"


@pytest.mark.parametrize("text,days", [
    ("Protesters returned to the streets on Tuesday .", ("2011-01-25",)),  # the Tuesday before
    ("Police clashed with crowds on Thursday .", (THURSDAY,)),  # the article's own weekday: that day
    ("The vote will be held on Sunday .", ("2011-01-30",)),  # future tense: the coming Sunday
    ("He spoke next Monday .", ("2011-01-31",)),
    ("Crowds gathered yesterday and again today .", ("2011-01-26", THURSDAY)),
    ("Protests began on Jan. 25 in Cairo .", ("2011-01-25",)),
    ("Elections are due on 20 March .", ("2011-03-20",)),  # no year: the nearest one
    ("The crisis began on December 28 .", ("2010-12-28",)),  # last year's December is nearer
    ("On January 25 , 2011 , and on 2011-02-11 .", ("2011-02-11", "2011-01-25")),
    ("Prices may rise , the minister said in May .", ()),  # "may" the verb, a month alone
    ("Last month was calm ; 2010 was worse .", ()),
    ("February 30 is no day .", ()),
])
def test_days_are_resolved_against_the_article_date(text, days):
    assert mentioned_dates(text, THURSDAY, EN) == days


def test_without_an_article_date_only_full_dates_count():
    assert mentioned_dates("On Tuesday , 3 February 2025 , and on Friday .", "", EN) == ("2025-02-03",)


def test_other_languages_read_their_month_and_weekday_names():
    assert mentioned_dates("Le tramway a été inauguré le 3 février.", "2025-02-05", language("fr")) == ("2025-02-03",)
    assert mentioned_dates("Il a parlé lundi.", "2025-02-05", language("fr")) == ("2025-02-03",)


def _story():
    return [
        Article("a1", "Crews began repairing the Alden bridge on Monday after a storm damaged its span.\n"
                      "The city said the work would take four months and cost 40 million crowns.",
                source="Herald", date="2024-10-08"),
        Article("a2", "A storm tore away part of the Alden bridge's eastern span on Saturday, officials said.\n"
                      "Ferries replaced the crossing while engineers inspected the damage to the bridge.",
                source="Courier", date="2024-10-06"),
        Article("b1", "The Alden bridge reopened to traffic on Monday after four months of repairs.\n"
                      "The mayor said the bridge was safer than ever and thanked the engineers.",
                source="Herald", date="2025-02-04"),
        Article("b2", "Traffic returned to the Alden bridge on Monday, four months after the October storm.\n"
                      "The ferry service that replaced the bridge will end this week, the city said.",
                source="Valley News", date="2025-02-03"),
    ]


def test_a_timeline_has_its_days_in_order_each_sentence_cited():
    t = newsdigest.timeline(_story(), per_date=2)
    days = [d.date for d in t.dates]
    assert days == sorted(days) and "2025-02-03" in days and "2024-10-05" in days  # Saturday before Oct 6
    reopened = next(d for d in t.dates if d.date == "2025-02-03")
    assert reopened.articles == 2 and reopened.sentences
    assert all(len(d.sentences) <= 2 for d in t.dates)
    for d in t.dates:
        for s in d.sentences:
            assert s.sources and s.support >= 1
    docs = {x.id: x for x in t.cluster.documents}
    first = reopened.sentences[0]
    assert docs[first.sources[0].article].sentences[first.sources[0].sentence].text == first.text


def test_the_days_can_be_bounded_and_counted():
    t = newsdigest.timeline(_story(), dates=1, start="2025-01-01")
    assert [d.date for d in t.dates] == ["2025-02-03"]
    assert newsdigest.timeline(_story(), start="2026-01-01").dates == ()


def test_a_query_keeps_only_sentences_on_it():
    t = newsdigest.timeline(_story(), query="ferry")
    texts = [s.text for d in t.dates for s in d.sentences]
    assert texts and all("erri" in x or "erry" in x for x in texts)


def test_undated_articles_are_said_and_do_not_crash():
    t = newsdigest.timeline([Article("x", "Nothing here names a day. It is just a text about a bridge.")])
    assert t.dates == () and any("no date" in w for w in t.warnings)


@pytest.mark.parametrize("kwargs", [{"dates": 0}, {"per_date": -1}, {"dates": "3"}, {"start": "yesterday"},
                                    {"start": "2025-02-05", "end": "2025-02-01"}])
def test_bad_arguments_are_config_errors(kwargs):
    with pytest.raises(ConfigError):
        newsdigest.timeline(_story(), **kwargs)
