from newsdigest.clean import clean_article, clean_cluster, paragraphs
from newsdigest.model import Article
from newsdigest.settings import Settings

PAGE = """1 / 2
The mayor opens the bridge on Monday. (Reuters)
Updated 3 March 2025
Follow
FacebookTwitterWhatsApp
Harbour bridge reopens
PORT ALDEN: The harbour bridge reopened to traffic on Monday after four months of repairs.
The repairs cost 42 million crowns, city officials said on Monday afternoon.
Storm surge on the coast worst in 50 years, says weather office
Engineers replaced 14 steel cables and rebuilt 120 metres of the damaged deck.
Toll increase
The mayor defended a plan to raise the toll from two to three crowns in July.
Copyright © 2025, Daily Courier. All rights reserved."""


def reasons(cleaned):
    return {c.text: c.reason for c in cleaned.cuts}


def test_page_furniture_is_cut_with_reasons():
    c = clean_article(Article("a", PAGE, title="Harbour bridge reopens"))
    r = reasons(c)
    assert r["1 / 2"] == "gallery counter"
    assert r["The mayor opens the bridge on Monday. (Reuters)"] == "photo caption"
    assert r["Updated 3 March 2025"] == "timestamp"
    assert r["Follow"] == r["FacebookTwitterWhatsApp"] == "share buttons"
    assert r["Harbour bridge reopens"] == "title repeat"
    assert r["PORT ALDEN:"] == "dateline"
    assert r["Storm surge on the coast worst in 50 years, says weather office"] == "related headline"
    assert r["Toll increase"] == "section heading"
    assert r["Copyright © 2025, Daily Courier. All rights reserved."] == "copyright"
    assert c.paragraphs == (
        "The harbour bridge reopened to traffic on Monday after four months of repairs.",
        "The repairs cost 42 million crowns, city officials said on Monday afternoon.",
        "Engineers replaced 14 steel cables and rebuilt 120 metres of the damaged deck.",
        "The mayor defended a plan to raise the toll from two to three crowns in July.",
    )


def test_keep_noise_cuts_nothing():
    c = clean_article(Article("a", PAGE), Settings(keep_noise=True))
    assert c.cuts == () and "Follow" in c.paragraphs


def test_hard_wrapped_text_is_rejoined():
    wrapped = ("The harbour bridge reopened to traffic on Monday after four\n"
               "months of repairs, and the mayor led the first convoy of buses\n"
               "across it shortly after six in the morning, officials said.\n"
               "  A second paragraph starts with an indent and runs on for\n"
               "long enough to be wrapped like the first one was wrapped.\n")
    assert paragraphs(wrapped) == [
        "The harbour bridge reopened to traffic on Monday after four months of repairs, and the mayor led "
        "the first convoy of buses across it shortly after six in the morning, officials said.",
        "A second paragraph starts with an indent and runs on for long enough to be wrapped like the first one was wrapped.",
    ]


def test_a_paragraph_cut_off_mid_sentence_keeps_its_finished_sentences():
    text = ("The bridge reopened on Monday after four months of repairs to the deck. "
            "It cost the city 42 million crowns in all. China was not a party to the tr")
    c = clean_article(Article("a", text))
    assert c.paragraphs == ("The bridge reopened on Monday after four months of repairs to the deck. "
                            "It cost the city 42 million crowns in all.",)
    assert reasons(c) == {"China was not a party to the tr": "truncated sentence"}


def test_furniture_title_gives_way_to_the_first_headline():
    a = Article("a", "Latest news\nHome » Bridge open again\nBridge open again now\n\nThe bridge is open again.",
                title="Tuesday, 4 March 2025")
    c = clean_article(a)
    assert c.article.title == "Bridge open again now"
    assert reasons(c)["Tuesday, 4 March 2025"] == "date line"


BRIDGE = [
    "The harbour bridge in Port Alden reopened on Monday after storm repairs that lasted four months.",
    "Mayor Ilse Brandt led the first convoy of buses across the repaired harbour bridge.",
    "The bridge repairs cost 42 million crowns and replaced fourteen steel cables.",
    "Commuters had used an emergency ferry across the harbour while the bridge was closed.",
    "The city plans to raise the bridge toll from two to three crowns in July.",
]
FOREIGN = [
    "More than 20,000 people visited the annual herring festival in the old port over the weekend.",
    "Stalls sold smoked fish, pickled herring and fresh bread from early morning until late at night.",
    "The festival rowing race was won by a team of schoolteachers for the third year in a row.",
    "Organisers said next year's festival will add a second stage for local musicians and bands.",
]


OTHERS = [
    ["Port Alden's harbour bridge is open again after four months of repairs to its storm-damaged deck.",
     "Buses led by the mayor were the first vehicles across the bridge on Monday morning.",
     "Officials put the cost of the bridge repair at 42 million crowns."],
    ["Traffic returned to the harbour bridge on Monday, four months after a storm closed it.",
     "Engineers fitted new steel cables to the bridge and rebuilt the deck.",
     "A ferry carried commuters across the harbour during the bridge closure."],
    ["The harbour bridge reopened on Monday; repairs took four months after storm damage.",
     "Mayor Brandt said the bridge toll would rise to three crowns to repay the road fund.",
     "Commuters welcomed the end of long detours around the harbour."],
]


def _cluster(main_text):
    others = [Article(f"o{n}", "\n".join(p), title="Harbour bridge reopens after repairs") for n, p in enumerate(OTHERS)]
    return clean_cluster([Article("main", main_text, title="Bridge reopens")] + others)


def test_appended_foreign_article_with_a_page_header_is_cut():
    text = "\n".join(BRIDGE + ["Fishing festival draws record crowds to the old port", "Updated 2 min ago"] + FOREIGN)
    main = _cluster(text)[0]
    assert main.paragraphs == tuple(BRIDGE)
    cut = [c for c in main.cuts if c.reason.startswith("appended article")]
    assert cut[0].text == "Fishing festival draws record crowds to the old port"
    assert {c.text for c in cut} >= set(FOREIGN)


def test_appended_foreign_article_without_header_is_cut_by_topic_shift_alone():
    main = _cluster("\n".join(BRIDGE + FOREIGN))[0]
    assert main.paragraphs == tuple(BRIDGE)
    assert [c.reason for c in main.cuts] == ["appended article"] * len(FOREIGN)


def test_on_topic_article_keeps_its_tail():
    main = _cluster("\n".join(BRIDGE))[0]
    assert main.paragraphs == tuple(BRIDGE) and main.cuts == ()


def test_single_article_has_no_cluster_to_compare_and_keeps_its_tail():
    [c] = clean_cluster([Article("a", "\n".join(BRIDGE + FOREIGN))])
    assert len(c.paragraphs) == len(BRIDGE) + len(FOREIGN)


def test_sochi_appended_stories_are_cut(sochi):
    from newsdigest.ingest import read_paths

    cleaned = {c.article.id[:3]: c for c in clean_cluster(read_paths([sochi]))}
    kept = {k: " ".join(c.paragraphs) for k, c in cleaned.items()}
    assert "Minneapolis" not in kept["000"] and "Pretti" not in kept["000"]
    assert "Esper" not in kept["001"] and "cruise missile" not in kept["001"]
    assert "Sanders" not in kept["004"] and "Flynn" not in kept["004"] and "New START" not in kept["004"]
    # ... while each article's own story stays
    assert "Sochi" in kept["000"] and "Ushakov" in kept["000"]
    assert "Maduro" in kept["002"] and "Copyright" not in kept["002"]
    assert "Mueller" in kept["004"] and "Crimea" in kept["004"]
    assert cleaned["003"].article.title == "Russia, US hope for better relations"
