"""Languages: identification, the per-language record, and the pipeline's use of them.

Every text here is invented for the tests (no benchmark text is copied)."""
import json

import pytest

from newsdigest import Article, summarize
from newsdigest.errors import ConfigError, InputError
from newsdigest.language import identify, language, with_languages
from newsdigest.render import render
from newsdigest.segment import split_sentences

TEXTS = {
    "fr": "La mairie a annoncé lundi la réouverture du pont après six semaines de travaux. Les habitants "
          "attendaient cette nouvelle depuis longtemps, et les commerçants espèrent retrouver leurs clients.",
    "cs": "Vláda v pondělí schválila nový rozpočet na příští rok. Ministr financí řekl, že schodek klesne "
          "o deset miliard korun. Opozice návrh kritizovala a slíbila, že bude hlasovat proti.",
    "he": "הממשלה אישרה ביום שני את התקציב החדש לשנה הבאה. שר האוצר אמר כי הגירעון יקטן בעשרה מיליארד "
          "שקלים. האופוזיציה מתחה ביקורת על ההצעה והודיעה שתצביע נגדה.",
    "hi": "सरकार ने सोमवार को अगले साल का नया बजट मंज़ूर किया। वित्त मंत्री ने कहा कि घाटा दस अरब रुपये कम होगा। "
          "विपक्ष ने प्रस्ताव की आलोचना की।",
    "el": "Η κυβέρνηση ενέκρινε τη Δευτέρα τον νέο προϋπολογισμό για το επόμενο έτος. Ο υπουργός Οικονομικών "
          "είπε ότι το έλλειμμα θα μειωθεί κατά δέκα δισεκατομμύρια ευρώ.",
    "ar": "وافقت الحكومة يوم الاثنين على الميزانية الجديدة للعام المقبل. وقال وزير المالية إن العجز سينخفض "
          "بمقدار عشرة مليارات. وانتقدت المعارضة الاقتراح.",
    "en": "The city council approved the new budget on Monday. The finance minister said the deficit would "
          "fall by ten billion crowns, and the opposition promised to vote against it.",
}


@pytest.mark.parametrize("code", sorted(TEXTS))
def test_identify_names_the_language_of_a_paragraph(code):
    found, probability = identify(TEXTS[code])
    assert found == code and 0.5 < probability <= 1.0


def test_identify_gives_up_on_too_little_text():
    assert identify("OK 12") == ("", 0.0)


def test_the_record_by_code_or_name_and_its_resources():
    assert language("French") is language("fr")
    assert language("cs-CZ").code == "cs"
    assert language("fr").stemmer == "french" and "le" in language("fr").stops
    he = language("he")
    assert he.rtl and he.stemmer == "" and he.stops  # Snowball has no Hebrew: the prefix fallback
    assert language("en").english_rules and not language("fr").english_rules
    with pytest.raises(ConfigError):
        language("not a language")


def test_words_keep_combining_marks_and_the_fallback_counts_letters():
    assert language("hi").words("यह दूसरा वाक्य है") == ["यह", "दूसरा", "वाक्य", "है"]
    assert language("he").stem("הממשלה") == "הממשל"  # five letters
    assert language("hi").terms("दूसरा वाक्य") == ("दूसर", "वाक्य")  # Snowball's Hindi stemmer


@pytest.mark.parametrize("code, paragraph, expected", [
    ("hi", "यह पहला वाक्य है। क्या यह दूसरा है? हाँ।", ["यह पहला वाक्य है।", "क्या यह दूसरा है?", "हाँ।"]),
    ("el", "Τι έγινε; Ο κ. Παπαδόπουλος είπε ότι θα έρθει.", ["Τι έγινε;", "Ο κ. Παπαδόπουλος είπε ότι θα έρθει."]),
    ("cs", "Řekl: „Přijdu zítra.“ Pak odešel domů.", ["Řekl: „Přijdu zítra.“", "Pak odešel domů."]),
    ("ar", "هل انتهى الاجتماع؟ نعم، انتهى مساء الاثنين.", ["هل انتهى الاجتماع؟", "نعم، انتهى مساء الاثنين."]),
    ("fr", "« Nous avons tenu les délais. Et le budget », a-t-elle dit. Puis elle est partie.",
     ["« Nous avons tenu les délais. Et le budget », a-t-elle dit.", "Puis elle est partie."]),
])
def test_sentences_end_where_the_language_ends_them(code, paragraph, expected):
    assert split_sentences(paragraph, code) == expected


def test_a_hebrew_abbreviation_is_not_an_open_quotation():
    he = language("he")
    assert not he.unbalanced('דובר צה"ל אמר כי הכוחות נסוגו.')
    assert he.unbalanced('הוא אמר: "אנחנו נחזור')


def test_with_languages_keeps_what_the_input_gives_and_forces_when_told():
    short = Article("s", "OK 12")
    given = Article("g", TEXTS["en"], language="fr")
    found = {a.id: a.language for a in with_languages([Article("c", TEXTS["cs"]), Article("d", TEXTS["cs"]), short, given])}
    assert found == {"c": "cs", "d": "cs", "s": "cs", "g": "fr"}  # too short: the others' language
    assert {a.language for a in with_languages([short, given], "Czech")} == {"cs"}
    with pytest.raises(InputError, match="unknown language"):
        with_languages([Article("x", TEXTS["en"], language="no such thing")])


def _cluster(lang: str, n: int = 3) -> list[Article]:
    base = {"fr": ["La ligne de tramway a rouvert lundi après six semaines de travaux sur le pont.",
                   "Les travaux ont coûté douze millions d'euros, payés en partie par la région.",
                   "La maire a inauguré la ligne avec les agents de la régie des transports."],
            "he": ["קו הרכבת הקלה נפתח מחדש ביום שני אחרי שישה שבועות של עבודות על הגשר.",
                   "העבודות עלו שנים עשר מיליון שקלים, וחלק מהן מימנה המדינה.",
                   "ראש העירייה חנך את הקו יחד עם עובדי חברת התחבורה."]}[lang]
    own = {"fr": ["Les commerçants du port espèrent retrouver leurs clients dès cette semaine.",
                  "L'opposition juge que le chantier aurait dû avoir lieu pendant l'été.",
                  "Les rames passeront désormais toutes les six minutes aux heures de pointe."],
           "he": ["בעלי החנויות בנמל מקווים שהלקוחות יחזרו כבר השבוע.",
                  "האופוזיציה טוענת שהיה צריך לבצע את העבודות בקיץ.",
                  "הרכבות ייסעו מעכשיו כל שש דקות בשעות העומס."]}[lang]
    return [Article(f"{lang}{k}", "\n".join([base[k], own[k], own[k - 1]]), title=base[k][:40]) for k in range(n)]


def test_a_mixed_cluster_is_summarized_in_its_main_language_and_says_what_it_skipped():
    english = Article("en0", "The tram line reopened on Monday after six weeks of works on the bridge. "
                             "The works cost twelve million euros.")
    summary = summarize(_cluster("fr") + [english], words=40)
    assert summary.cluster.language == "fr"
    assert {s.sources[0].article for s in summary.sentences} <= {"fr0", "fr1", "fr2"}
    data = json.loads(render(summary, "json"))
    assert data["language"] == "fr"
    assert {a["id"]: a["language"] for a in data["articles"]} == {"fr0": "fr", "fr1": "fr", "fr2": "fr", "en0": "en"}
    assert any("English-only" in w and "fr (3)" in w for w in data["warnings"])
    assert any("not summarized, only cited" in w and "en (1)" in w for w in data["warnings"])
    assert data["quotes"] == [] or all(q["article"] == "en0" for g in data["quotes"] for q in g["quotes"])


def test_language_given_writes_the_summary_in_it():
    english = Article("en0", "The tram line reopened on Monday after six weeks of works on the bridge. "
                             "The works cost twelve million euros, paid in part by the region.")
    from dataclasses import replace

    from newsdigest.settings import Settings

    summary = summarize(_cluster("fr") + [english], words=40, settings=replace(Settings(), language="en"))
    assert summary.cluster.language == "en" and all(d.article.language == "en" for d in summary.cluster.documents)


def test_right_to_left_text_is_marked_in_the_html_report():
    page = render(summarize(_cluster("he"), words=30), "html")
    assert 'class=sentence id="s0" lang="he" dir="rtl"' in page
    assert 'lang="he" dir=auto' in page  # the evidence and the sources take their direction from their letters


def test_an_article_in_another_language_backs_what_it_states_and_only_that():
    from pathlib import Path

    from newsdigest.support import across

    translation = across([("Les travaux ont coûté 12 millions d'euros, dont un tiers payé par la région.",
                           "The works cost 12 million euros, a third of it paid by the region.")], [("fr", "en")])[0]
    other_number = across([("Les travaux ont coûté 12 millions d'euros, dont un tiers payé par la région.",
                            "The works cost 15 million euros, a third of it paid by the region.")], [("fr", "en")])[0]
    unrelated = across([("Les travaux ont coûté 12 millions d'euros, dont un tiers payé par la région.",
                         "Trams will now run every six minutes at peak hours.")], [("fr", "en")])[0]
    unknown = across([("Vláda schválila rozpočet.", "The government approved the budget.")], [("cs", "en")])[0]
    assert translation.same and not other_number.same and other_number.conflicts == ("number",)
    assert not unrelated.same and not unknown.same  # Czech is not among the encoder's languages
    example = Path(__file__).parents[1] / "examples" / "tramway-lerac"
    summary = summarize([example], words=100)
    cost = next(s for s in summary.sentences if "12 millions" in s.text)
    assert "04_coastal-herald.txt" in {c.article for c in cost.sources} and cost.support == 3


@pytest.mark.parametrize("code, line, day", [
    ("fr", "Samedi 1er janvier 2005", "2005-01-01"),
    ("el", "Σάββατο, 8 Ιανουαρίου 2005", "2005-01-08"),
    ("hi", "शनिवार, जनवरी ८, २००५", "2005-01-08"),  # Devanagari digits
    ("cs", "sobota 1. ledna 2005", "2005-01-01"),
    ("he", "יום שבת, 1 בינואר 2005", "2005-01-01"),  # "in January": a proclitic before the month
    ("fr", "31 février 2005", ""), ("fr", "Samedi 2005", ""), ("fr", "janvier ou février 2005, le 3", "")])
def test_a_date_line_is_read_with_the_language_s_month_names(code, line, day):
    assert language(code).date_of(line) == day


def test_an_undated_article_takes_its_dateline_in_its_own_language():
    text = "Samedi 1er janvier 2005\nLes promesses d'aide augmentent encore ce samedi dans toute la région."
    [fr] = with_languages([Article("fr", text, language="fr")])
    assert (fr.date, fr.date_source) == ("2005-01-01", "dateline")
    [kept] = with_languages([Article("fr", text, language="fr", date="2004-12-31", date_source="metadata")])
    assert kept.date == "2004-12-31"  # a date the input gave is never replaced
    [body] = with_languages([Article("fr", "Le 1er janvier 2005, les promesses d'aide ont augmenté.", language="fr")])
    assert body.date == ""  # a sentence that names a date is not a dateline


def test_month_and_weekday_names_are_the_language_s_own():
    from newsdigest.clean import clean_article
    from newsdigest.support import supports

    assert language("cs").dates_in("V pondělí 3. ledna, tedy v lednu") == {"d0", "m1"}  # "leden" as in a date
    assert language("he").dates_in("ביום שני") == frozenset()  # a two-word name is not guessed from "second"
    page = Article("p", "Le pont rouvre\n\nLundi 3 mars 2025\n\nLe pont a rouvert lundi après quatre mois de travaux.",
                   language="fr")
    cleaned = clean_article(page)
    assert [(c.text, c.reason) for c in cleaned.cuts] == [("Lundi 3 mars 2025", "date line")]
    monday = "Le pont a rouvert lundi après quatre mois de travaux sur le tablier."
    tuesday = "Le pont a rouvert mardi après quatre mois de travaux sur le tablier."
    assert supports(monday, tuesday, lang="fr").conflicts == ("day",)
    assert supports(monday, monday, lang="fr").same


from hypothesis import given, settings as hypothesis_settings, strategies as st  # noqa: E402


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_identify_and_split_take_any_text(text):
    code, probability = identify(text)
    assert (code == "") == (probability == 0.0) and 0.0 <= probability <= 1.0
    for lang in ("fr", "hi", "he"):  # the combined splitter cuts the text, it never drops or adds a letter
        assert "".join("".join(language(lang).split(text)).split()) == "".join(text.split())


@pytest.mark.parametrize("algorithm", ["english", "french", "arabic", "greek", "hindi"])
def test_the_c_stemmers_give_the_pure_python_stems(algorithm):
    """snowballstemmer hands its work to PyStemmer (the same Snowball release in C) when it is
    installed: the stems must be the ones the pure-Python stemmer gives, or a version bump of one
    would change every summary."""
    import importlib

    import snowballstemmer

    from newsdigest.language import _snowball

    module = importlib.import_module(f"snowballstemmer.{algorithm}_stemmer")
    pure = getattr(module, f"{algorithm.capitalize()}Stemmer")()
    fast = _snowball(algorithm)
    assert type(fast).__module__ == "Stemmer" and type(snowballstemmer.stemmer(algorithm)) is type(fast)
    text = {"english": "The ministers were running generously organised meetings, arguing nationalisations",
            "french": "Les ministres ont rapidement organisé des réunions nationales et générales",
            "arabic": "وقال الوزراء إن الاجتماعات والمفاوضات ستستمر في العاصمة",
            "greek": "Οι υπουργοί συναντήθηκαν στην πρωτεύουσα για τις διαπραγματεύσεις",
            "hindi": "मंत्रियों ने राजधानी में बैठकों और बातचीत का आयोजन किया"}[algorithm]
    words = language(algorithm[:2] if algorithm != "greek" else "el").words(text)
    assert [fast.stemWord(w) for w in words] == [pure.stemWord(w) for w in words]


def test_a_gershayim_typed_as_a_straight_quote_hides_no_sentence_end():
    # sentencex pairs the two straight quotes of יו"ר … צה"ל and missed the end between them that
    # has no space after its full stop (blingfire never cuts there)
    paragraph = 'יו"ר הוועדה אמר כי התקציב יאושר בשבוע הבא.דובר צה"ל אמר כי הכוחות נסוגו מהאזור.'
    assert language("he").split(paragraph) == ['יו"ר הוועדה אמר כי התקציב יאושר בשבוע הבא.',
                                                'דובר צה"ל אמר כי הכוחות נסוגו מהאזור.']


@pytest.mark.parametrize("paragraph, sentences", [
    # blingfire cuts after an abbreviation sentencex knows for Czech, before a capital
    ("Stát zaplatí 12 mil. Kč za novou silnici. Opozice to kritizuje.",
     ["Stát zaplatí 12 mil. Kč za novou silnici.", "Opozice to kritizuje."]),
    ("Ředitelem byl jmenován Ing. Petr Novák. Nastoupí v pondělí.",
     ["Ředitelem byl jmenován Ing. Petr Novák.", "Nastoupí v pondělí."]),
    # sentencex cuts between an ordinal day and its month
    ("Zákon platí od 1. července. Vláda to oznámila.", ["Zákon platí od 1. července.", "Vláda to oznámila."]),
    ("Skončil druhý, vyhrál až v roce 2010. Pak odešel.", ["Skončil druhý, vyhrál až v roce 2010.", "Pak odešel."]),
])
def test_czech_abbreviations_and_ordinal_days_end_no_sentence(paragraph, sentences):
    assert split_sentences(paragraph, "cs") == sentences
