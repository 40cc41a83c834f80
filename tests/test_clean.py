from newsdigest.clean import clean_article, clean_cluster, paragraphs
from newsdigest.model import Article, Block, Cut
from newsdigest.segment import segment
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
    assert r["Copyright © 2025, Daily Courier. All rights reserved."] == "copyright"
    assert all(c.applied for c in c.cuts)


def test_lines_without_evidence_of_furniture_are_kept_headings_not_cut():
    # A line is never cut for being short or for lacking a full stop: headings, a related
    # headline and a dateline stay in the text; headings are marked, never summary sentences.
    c = clean_article(Article("a", PAGE, title="Harbour bridge reopens"))
    assert c.paragraphs == (
        "PORT ALDEN: The harbour bridge reopened to traffic on Monday after four months of repairs.",
        "The repairs cost 42 million crowns, city officials said on Monday afternoon.",
        "Storm surge on the coast worst in 50 years, says weather office",
        "Engineers replaced 14 steel cables and rebuilt 120 metres of the damaged deck.",
        "Toll increase",
        "The mayor defended a plan to raise the toll from two to three crowns in July.",
    )
    assert c.headings == {2, 4}
    doc = segment(c)
    assert [s.fragment for s in doc.sentences] == [False, False, True, False, True, False]
    # the dateline is part of the article, but not of the sentence a summary shows
    assert doc.sentences[0].text.startswith("The harbour bridge") and doc.sentences[0].original.startswith("PORT ALDEN:")


GALLERY = ("Hide Caption 1 of 24 Photos: Harbour bridge The new deck is lifted into place in March. "
           "Hide Caption 2 of 24 Photos: Harbour bridge Divers inspect the piers. "
           "Hide Caption 3 of 24 Photos: Harbour bridge The first buses cross on Monday.")


def test_a_gallery_run_into_one_line_is_cut():
    body = ["The harbour bridge reopened to traffic on Monday after four months of repairs.",
            "The council met on 3/12/2025 and again on 4/12/2025; 1/2 of the cost and 3/4 of the steel came from "
            "the port, and 2 of 3 piers were rebuilt.",
            "Engineers replaced 14 steel cables and rebuilt 120 metres of the damaged deck."]
    c = clean_article(Article("a", "\n".join([body[0], GALLERY, *body[1:]])))
    assert reasons(c) == {GALLERY: "photo gallery"} and c.paragraphs == tuple(body)  # dates, fractions: no gallery
    alone = clean_article(Article("b", GALLERY))  # a page of nothing else keeps it: no article is lost
    assert alone.paragraphs == (GALLERY,)


def test_a_caption_known_by_its_opening_is_cut():
    captions = ["FILE - In this Jan. 28, 2014, file photo, Mayor Ilse Brandt speaks at the harbour.",
                "Image caption The new deck was lifted into place in March",
                "Media caption The mayor: \"We will not raise the toll\"",
                "Photo: Coastal Herald archives"]
    body = ["The harbour bridge reopened to traffic on Monday after four months of repairs.",
            "File sharing between the city's departments sped up the work, the engineers said.",
            "Engineers replaced 14 steel cables and rebuilt 120 metres of the damaged deck.",
            "The repairs cost 42 million crowns, a third of it paid by the national road fund.",
            "The mayor defended a plan to raise the toll from two to three crowns in July."]
    c = clean_article(Article("a", "\n\n".join([body[0], *captions, *body[1:]])))
    assert reasons(c) == {t: "photo caption" for t in captions} and c.paragraphs == tuple(body)


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


def test_wire_copy_indented_with_a_tab_and_spaces_keeps_its_paragraphs():
    # DUC wire text as JSON Lines: "\t   " opens each paragraph of a hard-wrapped body.
    wire = ("\n\t   OPORTO, Portugal (AP) _ President Fidel Castro said Sunday he\n"
            "disagreed with the arrest in London of former Chilean dictator\n"
            "Augusto Pinochet, calling it a case of international meddling.\n"
            "\t   Castro compared the action with the establishment in Rome in\n"
            "August of an International Criminal Court, a move Cuba has\n"
            "expressed reservations about. (vs/krt)\n")
    c = clean_article(Article("w", wire))
    assert len(c.paragraphs) == 2 and c.cuts == ()


def test_a_long_paragraph_closed_by_a_credit_is_not_a_caption():
    body = " ".join(["The talks went on for hours and ended without an agreement on the new deal."] * 6)
    c = clean_article(Article("a", body + " (AP Photo/Jon Ress)"))
    assert c.cuts == () and len(c.paragraphs) == 1


def test_a_story_closed_by_an_agency_credit_is_not_a_caption():
    text = ("Kim had vanished for weeks in 2014 as well. The spy agency said he had an operation. "
            "The cyst could return, it said. (FR mit dpa)")
    assert clean_article(Article("a", text)).cuts == ()


def test_a_paragraph_cut_off_mid_sentence_keeps_its_text_and_its_finished_sentences_count():
    text = ("The bridge reopened on Monday after four months of repairs to the deck. "
            "It cost the city 42 million crowns in all. China was not a party to the tr")
    c = clean_article(Article("a", text))
    assert c.paragraphs == (text,) and c.cuts == ()
    assert [s.fragment for s in segment(c).sentences] == [False, False, True]


def test_boilerplate_glued_to_a_paragraph_is_cut_off_it():
    text = ("Read more Download our app on Google Play Matthew Shepard, the student, died in October 1998.\n"
            "Sign up for our newsletter Years of food shortages have left the region hungry.\n"
            "The talks resume on Monday in Geneva, officials said. Click here to subscribe\n"
            "Related: Harbour bridge reopens after storm repairs\n"
            "Advertisement\n"
            "Advertisement spending rose by five percent in the first quarter of the year.")
    c = clean_article(Article("a", text))
    assert c.paragraphs == ("Matthew Shepard, the student, died in October 1998.",
                            "Years of food shortages have left the region hungry.",
                            "The talks resume on Monday in Geneva, officials said.",
                            "Advertisement spending rose by five percent in the first quarter of the year.")
    assert reasons(c) == {"Read more Download our app on Google Play": "call to action",
                          "Sign up for our newsletter": "call to action",
                          "Click here to subscribe": "call to action",
                          "Related: Harbour bridge reopens after storm repairs": "related link",
                          "Advertisement": "call to action"}


def test_cleaning_never_removes_most_of_an_article():
    # Captions would take most of the text: none of them is cut; each is reported as not
    # applied and a warning says why. Certain furniture (a share line) is still cut.
    captions = ["Mayor Ilse Brandt cuts the ribbon on the rebuilt harbour bridge on Monday morning. (AP Photo/Jon Ress)",
                "The first buses cross the repaired eastern span of the bridge after four months. (Reuters/Ana Souza)"]
    text = "\n".join(["Follow"] + captions + ["The bridge is open again."])
    c = clean_article(Article("a", text))
    assert c.paragraphs == tuple(captions + ["The bridge is open again."])
    assert {(cut.text, cut.reason, cut.applied) for cut in c.cuts} == {
        ("Follow", "share buttons", True), (captions[0], "photo caption", False), (captions[1], "photo caption", False)}
    assert c.warnings and "not applied" in c.warnings[0]


def test_a_json_lines_wire_story_keeps_its_whole_body():
    # DUC wire copy given as JSON Lines once lost its 614-word body as one "photo caption".
    paragraph = ("\t   MOSCOW (AP) _ Russia's parliament on Wednesday asked President Boris Yeltsin to\n"
                 "offer political asylum to the Kurdish rebel leader, a move that is sure\n"
                 "to anger Turkey, which wants him extradited to stand trial at home.\n")
    text = paragraph * 12 + "\t   The rebels have fought since 1984. (vi/gm)\n"
    c = clean_article(Article("APW19981104.0265", text))
    assert c.cuts == () and len(c.paragraphs) == 13


def test_furniture_title_gives_way_to_the_first_headline():
    a = Article("a", "Latest news\nHome » Bridge open again\nBridge open again now\n\nThe bridge is open again.",
                title="Tuesday, 4 March 2025")
    c = clean_article(a)
    assert c.article.title == "Bridge open again now"
    assert reasons(c)["Tuesday, 4 March 2025"] == "date line"
    assert reasons(c)["Home » Bridge open again"] == "site chrome"


def test_html_markup_decides_headings_and_link_lists():
    lines = ["Harbour bridge reopens", "The harbour bridge reopened on Monday after four months of repairs.",
             "What it cost", "The repairs cost 42 million crowns, city officials said.",
             "Five cafes to try this spring", "Storm surge worst in 50 years, says weather office"]
    blocks = (Block("head"), Block("p"), Block("head"), Block("p"), Block("item", 1.0), Block("item", 0.0))
    c = clean_article(Article("a", "\n".join(lines), title="Harbour bridge reopens", blocks=blocks))
    # on markup the title's own heading is kept (a heading, never a summary sentence)
    assert reasons(c) == {"Five cafes to try this spring": "related link"}
    assert c.paragraphs == tuple(lines[:4] + lines[5:]) and c.headings == {0, 2, 4}


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


def test_appended_foreign_article_under_a_bare_headline_is_cut_by_topic_shift():
    headline = "Herring festival crowds fill the old port this weekend"
    main = _cluster("\n".join(BRIDGE + [headline] + FOREIGN))[0]
    assert main.paragraphs == tuple(BRIDGE)
    assert [c.reason for c in main.cuts] == ["appended article"] * (1 + len(FOREIGN))


def test_a_topic_drift_in_running_text_is_never_cut():
    # No headline between them: the second half is the article moving on, not another article.
    main = _cluster("\n".join(BRIDGE + FOREIGN))[0]
    assert main.cuts == () and len(main.paragraphs) == len(BRIDGE) + len(FOREIGN)


def test_a_related_headline_that_does_not_introduce_what_follows_starts_nothing():
    teaser = "Fishing festival draws record crowds to the old port"
    text = "\n".join(BRIDGE[:2] + [teaser, "Updated 2 min ago"] + BRIDGE[2:])
    main = _cluster(text)[0]
    assert not any(c.reason.startswith("appended") for c in main.cuts)


def test_a_header_dated_another_day_starts_another_article_whatever_its_topic():
    # An appended story on the same topic, dated a week before the page: still another article.
    other = ["Harbour bridge repairs to finish by March, engineers say",
             "Updated 24 February 2025",
             "Engineers said repairs to the harbour bridge would finish by early March.",
             "The bridge has been closed since an October storm tore away part of its deck.",
             "Keller & Dunn said the last of fourteen steel cables would be fitted this week."]
    others = [Article(f"o{n}", "\n".join(p), title="Harbour bridge reopens after repairs") for n, p in enumerate(OTHERS)]
    main = clean_cluster([Article("main", "\n".join(BRIDGE + other), title="Bridge reopens", date="2025-03-03")] + others)[0]
    assert main.paragraphs == tuple(BRIDGE)
    assert main.cuts[0] == Cut(other[0], "appended article")


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
