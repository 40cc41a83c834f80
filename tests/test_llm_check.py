"""The checker that decides whether a generated sentence is kept (issue 9, work in progress)."""
from newsdigest.llm.check import check

SOURCES = ["The Alden Harbour Bridge reopened to traffic on Monday, four months after an October storm.",
           "The repairs cost 42 million crowns; engineers replaced 14 steel cables.",
           "Mayor Ilse Brandt led the first buses across."]


def test_a_faithful_fusion_passes():
    v = check("Mayor Brandt led buses across the Alden Harbour Bridge, which reopened on Monday after "
              "repairs that cost 42 million crowns.", SOURCES)
    assert v.supported, v.reasons()


def test_an_added_fact_fails_with_its_reason():
    v = check("The Alden Harbour Bridge, launched in 2010, reopened on Monday.", SOURCES)
    assert not v.supported and v.numbers == ("2010",)


def test_numbers_are_normalised_but_must_match():
    assert check("Repairs cost 42m crowns.", SOURCES).supported
    assert check("Repairs cost 42,000,000 crowns.", SOURCES).supported
    assert check("Repairs cost 24 million crowns.", SOURCES).numbers == ("24000000",)


def test_dates_and_names_must_come_from_the_sources():
    assert check("The bridge reopened on Tuesday.", SOURCES).numbers == ("tuesday",)
    assert check("Governor Ilse Brandt led the buses.", SOURCES).names == ("Governor Ilse Brandt",)


def test_a_flipped_negation_fails():
    v = check("The Alden Harbour Bridge did not reopen on Monday.", SOURCES)
    assert v.negation_flipped and not v.supported


def test_unrelated_content_fails_on_overlap():
    v = check("Ferry workers began a strike over night shifts.", SOURCES)
    assert v.overlap < 0.6 and not v.supported


def test_a_place_and_its_demonym_are_one_name_but_other_stems_are_not():
    src = ["Egyptian President Hosni Mubarak flew to Damascus.", "The army of Israel left the town."]
    assert check("Egypt's President Hosni Mubarak flew to Damascus.", src[:1]).supported
    assert check("The Israeli army left the town.", src[1:]).names == ()
    assert check("The Austrian army left the town.", ["The Australian army left the town."]).names == ("Austrian",)


def test_a_quote_must_stay_a_quote():
    src = ["“When I came here, there were 64 Democratic senators,” the senator said."]
    assert check("When I came here, there were 64 Democratic senators.", src).unquoted
    assert not check("“When I came here, there were 64 Democratic senators,” the senator said.", src).unquoted
    assert check("The senator said there were 64 Democratic senators when she came.", src).supported
    assert not check("There were 64 Democratic senators.", ["There were 64 Democratic senators then."]).unquoted
