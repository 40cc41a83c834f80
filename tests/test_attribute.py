from newsdigest.attribute import attribute
from newsdigest.model import Article, Citation
from newsdigest.pipeline import build_cluster

A = "The harbour bridge reopened on Monday after four months of storm repairs.\nThe toll will rise in July."
B = ("Traffic returned to the harbour bridge on Monday after four months of storm repairs.\n"
     '"The bridge is safer today than on the day it first opened," the mayor told reporters.')
C = ('Mayor Brandt said the bridge was "safer today than on the day it first opened" at a ceremony.\n'
     "Fishing boats crowded the old port for the herring festival.")


def test_origin_first_then_paraphrases_and_shared_quotes_with_support():
    cluster = build_cluster([Article("a", A), Article("b", B), Article("c", C)])
    [opening, quote, alone] = attribute(cluster, [("a", 0), ("b", 1), ("a", 1)])
    assert opening.sources == (Citation("a", 0), Citation("b", 0)) and opening.support == 2
    assert quote.sources == (Citation("b", 1), Citation("c", 0)) and quote.support == 2  # a verbatim quote
    assert alone.sources == (Citation("a", 1),) and alone.support == 1


def test_a_duplicate_page_counts_once():
    cluster = build_cluster([Article("a", A), Article("copy", A), Article("b", B)])
    [s] = attribute(cluster, [("a", 0)])
    assert [c.article for c in s.sources] == ["a", "b"] and s.support == 2


def test_support_counts_outlets_not_articles():
    """Two stories from one outlet are one source; an article with no known outlet is its own."""
    from newsdigest.outlets import source_key

    herald = [Article("h1", A, source="Coastal Herald"), Article("h2", B, source="coastal  herald ")]
    cluster = build_cluster(herald + [Article("x", C)])
    [opening, quote] = attribute(cluster, [("h1", 0), ("h2", 1)])
    assert [c.article for c in opening.sources] == ["h1", "h2"]
    assert opening.support == 1 and opening.single_source  # both from the Coastal Herald
    assert [c.article for c in quote.sources] == ["h2", "x"] and quote.support == 2 and not quote.single_source
    assert source_key(Article("a", "", source="https://www.Example.com/")) == "example.com"
    assert source_key(Article("a", "")) == "article:a"


def test_single_source_claims_precision_and_recall():
    """Every sentence of three outlets, with which claims only one of them states."""
    a = ["The harbour bridge reopened on Monday after four months of storm repairs.",
         "The emergency ferry across the harbour will stop running on Friday this week.",
         "The toll will rise from two to three crowns in July to repay the road fund."]
    b = ["Traffic returned to the harbour bridge on Monday after four months of storm repairs.",
         "The emergency ferry across the harbour stops running on Friday this week.",
         "A herring festival drew record crowds to the old port over the weekend."]
    c = ["The harbour bridge is open again on Monday after four months of storm repairs.",
         "Engineers replaced fourteen steel cables and rebuilt a hundred metres of deck."]
    single = {("a", 2), ("b", 2), ("c", 1)}  # the toll, the festival, the cables
    cluster = build_cluster([Article("a", "\n".join(a), source="Harbour Times"),
                             Article("b", "\n".join(b), source="Valley News"),
                             Article("c", "\n".join(c), source="Daily Courier")])
    keys = [(s.article, s.index) for s in cluster.sentences]
    flagged = {k for k, s in zip(keys, attribute(cluster, keys)) if s.single_source}
    precision, recall = len(flagged & single) / len(flagged), len(flagged & single) / len(single)
    assert (precision, recall) == (1.0, 1.0), flagged


def test_a_sentence_of_two_claims_says_who_states_each():
    """The bridge's reopening is in three outlets, the budget in one: the sentence counts the main
    claim's outlets, and each claim carries its own."""
    a = ("The mayor opened the new harbour bridge on Friday, and the council approved a budget of "
         "twelve million crowns for the old ferry terminal.")
    cluster = build_cluster([Article("a", a, source="Harbour Times"),
                             Article("b", "The new harbour bridge was opened by the mayor on Friday.", source="Valley News"),
                             Article("c", "On Friday the mayor opened the new harbour bridge to traffic.", source="Daily Courier")])
    [s] = attribute(cluster, [("a", 0)])
    [bridge, budget] = s.claims
    assert bridge.text.startswith("The mayor opened") and budget.text.startswith("the council approved")
    assert {c.article for c in bridge.sources} == {"a", "b", "c"} and bridge.support == 3
    assert [c.article for c in budget.sources] == ["a"] and budget.support == 1
    assert s.support == 3


def test_the_sochi_meeting_counts_three_outlets(sochi):
    """All four outlets report the Pompeo–Putin meeting in other words ("US secretary of state met
    Russian president …", "Putin welcomed Secretary of State Mike Pompeo"); before support by
    meaning, the summary's opening sentence was "single source"."""
    from newsdigest import summarize

    [meeting] = [s for s in summarize([sochi]).sentences if "met with Russian President Vladimir Putin" in s.text]
    assert meeting.support >= 3 and meeting.claims[0].support >= 3


def test_a_report_naming_people_by_title_with_its_place_in_the_dateline_backs_the_claim():
    a = ("Harbour Minister Lena Brandt opened the new bridge in Port Alden on Friday, ending months of delays.\n"
         "The toll will be two crowns.")
    b = ("PORT ALDEN: The harbour minister opened the new bridge on Friday after a short speech.\n"
         "Fishing boats sounded their horns.")
    c = "Harbour Minister Lena Brandt said the toll would be two crowns."
    cluster = build_cluster([Article("a", a, source="Harbour Times"), Article("b", b, source="Valley News"),
                             Article("c", c, source="Daily Courier")])
    [s] = attribute(cluster, [("a", 0)])
    assert [c.article for c in s.sources] == ["a", "b"] and s.support == 2
    other = build_cluster([Article("a", a, source="Harbour Times"),
                           Article("b", b.replace("PORT ALDEN: ", ""), source="Valley News"), Article("c", c)])
    [s] = attribute(other, [("a", 0)])
    assert s.support == 1  # without its dateline, b never says where


def test_a_report_in_other_words_naming_the_leader_and_the_capital_backs_the_claim():
    """The issue's low-overlap paraphrase, in invented news: "met … in Brno" / "held talks with the
    Czech leader at her lakeside residence" (the place in b's dateline), and "the United States" /
    "Washington"."""
    a = ("Austrian Chancellor Karl Brenner met Czech Prime Minister Jana Dvorak in Brno on Tuesday.\n"
         "Brenner said Austria wanted closer ties with the United States.")
    b = ("BRNO, Czech Republic — Brenner held talks with the Czech leader at her lakeside residence on Tuesday.\n"
         "Brenner said Austria wanted closer ties with Washington.")
    c = "The chancellor and the prime minister spoke for two hours, aides said."
    cluster = build_cluster([Article("a", a, source="Alpine Post"), Article("b", b, source="Danube Daily"),
                             Article("c", c, source="Moravia Wire")])
    meeting, ties = attribute(cluster, [("a", 0), ("a", 1)])
    assert [c.article for c in meeting.sources] == ["a", "b"] and meeting.support == 2
    assert [c.article for c in ties.sources] == ["a", "b"]
    moved = build_cluster([Article("a", a, source="Alpine Post"),
                           Article("b", b.replace("Washington", "Moscow"), source="Danube Daily")])
    assert attribute(moved, [("a", 1)])[0].support == 1  # another capital is another country
