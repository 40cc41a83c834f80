"""Properties of cleaning, for any text: it only removes, it removes only what is there, and what it
keeps plus what it cuts is the input; an article with any text keeps some."""
from collections import Counter

from hypothesis import given, settings, strategies as st

from newsdigest.clean import clean_article, clean_cluster
from newsdigest.model import Article, Block
from newsdigest.settings import Settings

# Characters the cleaner's normalisation leaves as they are (it folds Unicode to NFC, turns
# no-break spaces into spaces and drops list bullets), so word counts compare exactly.
WORD = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789éßø"
                                        ".,;:!?\"'()[]/|»›>©-_&%$#@"), min_size=1, max_size=12)
FURNITURE = st.sampled_from(["Follow", "FacebookTwitterWhatsApp", "Updated 3 March 2025", "1 / 2", "By Jane Smith",
                             "Copyright © 2025 Daily Courier", "Read more", "Advertisement", "Home » News » World",
                             "Monday, 3 March 2025", "Related: Bridge reopens after storm repairs",
                             "The mayor opens the bridge. (AP Photo/Jon Ress)", "Share this article"])
SENTENCE = st.lists(WORD, min_size=1, max_size=30).map(lambda ws: " ".join(ws) + ".")
LINE = st.one_of(FURNITURE, SENTENCE, st.lists(WORD, min_size=1, max_size=8).map(" ".join))
TEXT = st.lists(LINE, min_size=1, max_size=25).flatmap(
    lambda lines: st.lists(st.sampled_from(["\n", "\n\n", "\n  ", "\n\t"]), min_size=len(lines), max_size=len(lines))
    .map(lambda seps: "".join(l + s for l, s in zip(lines, seps))))


def words(texts) -> Counter:
    return Counter(w for t in texts for w in t.split())


def check(article: Article, cleaned) -> None:
    applied = [c.text for c in cleaned.cuts if c.applied]
    given_words = words([article.text]) + (words([article.title]) if cleaned.article.title != article.title else Counter())
    # nothing added, nothing lost: the kept paragraphs and the applied cuts are the input's words
    assert words(cleaned.paragraphs) + words(applied) == given_words
    # a cut not applied is still in the text it was proposed for
    assert all(c.text in cleaned.paragraphs for c in cleaned.cuts if not c.applied)
    if any(ch.isalnum() for ch in article.text):
        assert cleaned.paragraphs  # an article with text never comes out empty
    assert all(0 <= n < len(cleaned.paragraphs) for n in cleaned.headings)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.one_of(st.just(""), LINE))
def test_cleaning_a_page_only_removes_what_is_there(text, title):
    article = Article("a", text, title=title)
    check(article, clean_article(article))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(LINE, st.sampled_from(["p", "head", "item", "quote", "cell", "code"]),
                          st.floats(0, 1)), min_size=1, max_size=25))
def test_cleaning_html_blocks_only_removes_what_is_there(rows):
    article = Article("a", "\n".join(t for t, _, _ in rows), blocks=tuple(Block(k, x) for _, k, x in rows))
    check(article, clean_article(article))


@settings(max_examples=60, deadline=None)
@given(st.lists(TEXT, min_size=2, max_size=4))
def test_cleaning_a_cluster_only_removes_what_is_there(texts):
    articles = [Article(f"a{n}", t, title="Harbour bridge reopens") for n, t in enumerate(texts)]
    for article, cleaned in zip(articles, clean_cluster(articles)):
        check(article, cleaned)


@settings(max_examples=50, deadline=None)
@given(TEXT, st.integers(1, 40))
def test_the_length_limit_cuts_and_reports_the_rest(text, limit):
    article = Article("a", text)
    cleaned = clean_article(article, Settings(max_article_words=limit))
    check(article, cleaned)
    assert sum(len(p.split()) for p in cleaned.paragraphs) <= limit
