"""Feeds, sitemaps, OPML lists and files of URLs parsed into entries and further sources."""
import gzip

import pytest

from newsdigest.errors import InputError
from newsdigest.ingest.sources import parse_source

LIMIT = 1 << 20
RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Coastal Herald</title>
<item><title>Bridge  reopens</title><link>https://herald.example/a.html?utm_source=rss</link>
<pubDate>Mon, 03 Feb 2025 09:00:00 GMT</pubDate></item>
<item><title>Toll plan</title><link>https://herald.example/b.html</link><source url="https://x.example/rss">Valley News</source></item>
</channel></rss>"""
ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Courier</title>
<id>urn:x</id><updated>2025-02-04T08:00:00Z</updated>
<entry><title>Ferry strike</title><id>urn:1</id><link href="https://courier.example/f.html"/>
<updated>2025-03-10T07:00:00Z</updated></entry></feed>"""
NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://herald.example/c.html</loc><lastmod>2025-02-04T10:00:00Z</lastmod>
<news:news><news:publication><news:name>Coastal Herald</news:name><news:language>en</news:language></news:publication>
<news:publication_date>2025-02-04T09:00:00+00:00</news:publication_date><news:title>Residents divided</news:title></news:news></url>
</urlset>"""
INDEX = b"""<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://herald.example/news.xml</loc></sitemap><sitemap><loc>https://herald.example/old.xml.gz</loc></sitemap>
</sitemapindex>"""


def test_rss_entries_keep_their_titles_days_and_outlets():
    found = parse_source(RSS, "rss", LIMIT)
    first, second = found.entries
    assert found.kind == "feed" and first.title == "Bridge reopens" and first.date == "2025-02-03"
    assert first.source == "Coastal Herald" and second.source == "Valley News"  # an item's <source> names its outlet


def test_a_reference_to_half_a_surrogate_pair_in_a_feed_is_a_replacement_character_not_a_crash():
    """&#55296; names no character: expat refuses it and feedparser's lenient parser then failed
    encoding it (an internal error in `watch`)."""
    feed = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title><item><title>Bad &#55296; and '
            b'&#xdfff; title &#233;</title><link>http://x.example/a</link></item></channel></rss>')
    [entry] = parse_source(feed, "f.xml", 1 << 20).entries
    assert entry.title == "Bad \ufffd and \ufffd title \xe9" and entry.url == "http://x.example/a"


def test_atom_and_news_sitemaps_give_dates_and_titles():
    (entry,) = parse_source(ATOM, "atom", LIMIT).entries
    assert entry.url == "https://courier.example/f.html" and entry.date == "2025-03-10"
    (page,) = parse_source(gzip.compress(NEWS_SITEMAP), "sitemap.xml.gz", LIMIT).entries
    assert (page.title, page.date, page.source) == ("Residents divided", "2025-02-04", "Coastal Herald")
    assert page.updated.startswith("2025-02-04T10:00")


def test_an_index_and_an_opml_list_point_to_further_sources():
    assert parse_source(INDEX, "index", LIMIT).sources == ("https://herald.example/news.xml",
                                                           "https://herald.example/old.xml.gz")
    opml = b'<opml version="2.0"><body><outline text="News"><outline text="a" xmlUrl="https://a.example/rss"/>' \
           b'<outline text="b" xmlUrl="https://b.example/atom"/></outline></body></opml>'
    assert parse_source(opml, "list.opml", LIMIT).sources == ("https://a.example/rss", "https://b.example/atom")


def test_a_file_of_urls():
    found = parse_source(b"# my list\nhttps://a.example/1.html\n\nhttps://a.example/2.html\nhttps://a.example/1.html\n",
                         "urls.txt", LIMIT)
    assert found.kind == "urls" and [e.url for e in found.entries] == ["https://a.example/1.html", "https://a.example/2.html"]


@pytest.mark.parametrize("data, reason", [
    (b"<!DOCTYPE html><html><body>Welcome</body></html>", "an HTML page"),
    (b"<rss><channel><item><title>cut off", "malformed feed"),
    (b"just some words", "not a feed"),
    (b'<!DOCTYPE opml [<!ENTITY a "aaaa">]><opml><body>&a;</body></opml>', "declares entities"),
    (gzip.compress(b"<urlset>" + b" " * (2 * LIMIT) + b"</urlset>"), "once decompressed"),
])
def test_what_is_not_a_source_is_named(data, reason):
    with pytest.raises(InputError, match=reason):
        parse_source(data, "where", LIMIT)
