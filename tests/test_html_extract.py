"""HTML pages -> articles: the story kept, page furniture dropped, dates and metadata explained."""

from __future__ import annotations

import gzip
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from indexer.article import Article, Skip
from indexer.reading.html.page import extract_html

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "article-extraction"
# Measured 0.984 (bench/extraction.py); the floor leaves room for harmless tuning noise.
F1_FLOOR = 0.975

STORY = [
    "The city council approved the new harbour bridge on Tuesday, ending a debate that has "
    "divided residents, shop owners and commuters for more than a decade.",
    "Construction will start in the spring, the mayor said, and the bridge should open to "
    "traffic within three years, provided the regional government keeps its promise of funds.",
    "Opponents said they would appeal, arguing that the project will raise local taxes, "
    "damage the old fishing quarter and bring more cars into the narrow streets of the centre.",
]


def page(body: str, head: str = "", html_attrs: str = "") -> bytes:
    """Return a small news page as bytes, the way a reader hands it over."""
    return (
        f"<!DOCTYPE html><html{html_attrs}><head><title>Bridge approved | Harbour Times</title>"
        f"{head}</head><body>{body}</body></html>"
    ).encode()


def story_html() -> str:
    return "".join(f"<p>{paragraph}</p>" for paragraph in STORY)


def extract(data: bytes, path: str = "news/bridge.html") -> Article:
    result = extract_html(data, path)
    assert isinstance(result, Article), result
    return result


def test_plain_page_gives_every_field_and_its_provenance() -> None:
    head = (
        '<meta property="og:title" content="Harbour bridge approved after decade of debate">'
        '<meta property="og:site_name" content="Harbour Times">'
        '<meta name="author" content="Ana Souza">'
        '<meta property="article:published_time" content="2021-03-02T09:30:00+01:00">'
        '<link rel="canonical" href="https://www.harbourtimes.example/2021/bridge">'
    )
    article = extract(page(f"<article>{story_html()}</article>", head))
    assert article.to_dict() | {"provenance": None} == {
        "id": "news-bridge",
        "title": "Harbour bridge approved after decade of debate",
        "body": "\n\n".join(STORY),
        "url": "https://www.harbourtimes.example/2021/bridge",
        "date": "2021-03-02",
        "source": "Harbour Times",
        "author": "Ana Souza",
        "path": "news/bridge.html",
        "countries": [],
        "regions": [],
        "topics": [],
        "provenance": None,
        "source_meta": {},
        "group": None,
    }
    assert article.provenance == {
        "title": "og:title",
        "body": "dom",
        "date": "meta",
        "author": "meta",
        "source": "og:site_name",
        "url": "canonical",
        "encoding": "utf-8",
    }


BOILERPLATE = {
    "nav": '<nav><a href="/">Home</a> <a href="/world">World news and analysis</a></nav>',
    "most read": '<div class="most-read"><h3>Most read</h3><ol><li><p>Celebrity chef opens a '
    "new restaurant by the harbour, with a menu of local fish dishes</p></li></ol></div>",
    "cookie banner": '<div id="cookie-consent"><p>We use cookies to improve your experience '
    "on our site. By continuing to browse you agree to our use of cookies.</p></div>",
    "newsletter": '<div class="newsletter-signup"><p>Get the best of the Harbour Times in '
    "your inbox every morning, free of charge, with our daily newsletter.</p></div>",
    "comments": '<section class="comments"><p>Reader42 wrote: this bridge is a waste of '
    "money, they should have fixed the roads first, as everyone knows.</p></section>",
    "related links": '<ul class="related-articles"><li><a href="/a">Council budget row '
    'deepens as taxes rise</a></li><li><a href="/b">Ferry company warns of job '
    "cuts after bridge vote</a></li></ul>",
}


@pytest.mark.parametrize("kind", sorted(BOILERPLATE))
def test_boilerplate_kind_is_removed(kind: str) -> None:
    snippet = BOILERPLATE[kind]
    body = f"{snippet}<div class='article-body'>{story_html()}{snippet}</div>{snippet}"
    assert extract(page(body)).body == "\n\n".join(STORY)


def test_link_list_without_class_hints_is_dropped_inside_the_article() -> None:
    links = "".join(
        f'<p><a href="/{n}">Another headline about the harbour, {n}</a></p>' for n in range(3)
    )
    assert extract(page(f"<article>{story_html()}{links}</article>")).body == "\n\n".join(STORY)


def test_story_cut_into_same_class_chunks_is_kept_whole_but_teasers_reusing_it_are_not() -> None:
    first, second, third = (f'<div class="story-text"><p>{p}</p></div>' for p in STORY)
    teaser = (
        '<div class="related-box"><div class="story-text"><p>Teaser: the old ferry line, '
        "loved by tourists and locals alike, may close next year after the vote.</p></div></div>"
    )
    body = (
        f"<main><div class='col'>{first}</div><figure><img src='x.jpg'></figure>"
        f"<div class='col'><div class='ad-slot'>Advertisement</div>{second}</div>"
        f"<div class='col'>{third}</div></main>{teaser}"
    )
    assert extract(page(body)).body == "\n\n".join(STORY)


def test_story_hidden_behind_an_open_popup_is_still_read() -> None:
    body = (
        f'<div id="page" aria-hidden="true"><article>{story_html()}</article></div>'
        '<div class="modal"><p>Subscribe now to keep reading our journalism, from 1 euro.</p></div>'
    )
    assert extract(page(body)).body == "\n\n".join(STORY)


def test_hidden_text_next_to_a_visible_story_is_left_out() -> None:
    hidden = '<p style="display: none">Secret text for search engines only, not for readers.</p>'
    assert extract(page(f"<article>{story_html()}{hidden}</article>")).body == "\n\n".join(STORY)


def test_json_ld_article_body_is_used_when_complete() -> None:
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Bridge approved",
        "articleBody": "\n\n".join(STORY) + "\n\nA fourth paragraph only the publisher kept.",
        "datePublished": "2020-05-17T08:00:00Z",
        "author": [{"@type": "Person", "name": "Ana Souza"}, {"name": "Li Wei"}],
        "publisher": {"@type": "Organization", "name": "Harbour Times"},
    }
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    article = extract(page(f"<article>{story_html()}</article>", head))
    assert article.body.endswith("A fourth paragraph only the publisher kept.")
    assert (article.date, article.author, article.source) == (
        "2020-05-17",
        "Ana Souza, Li Wei",
        "Harbour Times",
    )
    assert article.provenance["body"] == "json-ld articleBody"
    assert article.provenance["date"] == "json-ld"
    assert article.provenance["source"] == "json-ld publisher"


def test_truncated_json_ld_body_loses_to_the_page() -> None:
    ld = {"@type": "NewsArticle", "articleBody": STORY[0][:60]}
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    article = extract(page(f"<article>{story_html()}</article>", head))
    assert article.body == "\n\n".join(STORY)
    assert article.provenance["body"] == "dom"


@pytest.mark.parametrize(
    ("head", "body_extra", "path", "expected", "source"),
    [
        (
            '<meta property="article:published_time" content="2019-11-19T10:00:00Z">',
            "",
            "",
            "2019-11-19",
            "meta",
        ),
        ('<meta name="pubdate" content="20191118">', "", "", "2019-11-18", "meta"),
        ("", '<time datetime="2018-07-04T12:00">4 July</time>', "", "2018-07-04", "time"),
        (
            '<link rel="canonical" href="https://example.com/news/2017/03/09/bridge">',
            "",
            "",
            "2017-03-09",
            "url",
        ),
        ("", "<p>Published 12 March 2016, 10:15</p>", "", "2016-03-12", "text"),
        ('<meta name="DC.Issued" content="2021-07-13">', "", "", "2021-07-13", "meta"),
        ('<meta itemprop="dateCreated" datetime="2018-02-02">', "", "", "2018-02-02", "meta"),
        ("", '<abbr class="published" title="2016-11-12">Sat</abbr>', "", "2016-11-12", "text"),
        ("", "<p>Published: 5/5/2020</p>", "", "2020-05-05", "text"),  # the same both ways
        ("", "<p>Posted 19-Nov-2019 10:02</p>", "", "2019-11-19", "text"),
        ('<meta name="date" content="Tue, 19-Nov-19 10:00:00 GMT">', "", "", "2019-11-19", "meta"),
        ('<meta name="date" content="Fri Mar 6 09:15:00 1987">', "", "", "1987-03-06", "meta"),
        ("", "<p>2019年11月19日 10:00</p>", "", "2019-11-19", "text"),
        (
            "",
            "<h1>Bridge approved</h1><span>By Ana Souza | Nov. 5, 2015</span>",
            "",
            "2015-11-05",
            "text",
        ),
    ],
)
def test_each_date_source(
    head: str, body_extra: str, path: str, expected: str, source: str
) -> None:
    article = extract(page(f"<article>{body_extra}{story_html()}</article>", head))
    assert (article.date, article.provenance["date"]) == (expected, source)


def test_the_story_footer_dates_it_the_site_footer_does_not() -> None:
    story_footer = (
        f"<article><h1>Bridge approved</h1>{story_html()}<footer class='entry-footer'>Posted on "
        "<time class='entry-date published' datetime='2019-01-03T10:00:00+00:00'>3 Jan</time>"
        "</footer></article>"
    )
    article = extract(page(story_footer))
    assert (article.date, article.provenance["date"]) == ("2019-01-03", "time")
    site_footer = f"<article>{story_html()}</article><footer><time datetime='2023-05-01'></time>"
    assert extract(page(site_footer + "</footer>")).date is None  # the site's, not the story's


def test_the_story_footer_gives_the_byline_the_site_footer_does_not() -> None:
    story = (
        f"<article>{story_html()}<footer class='entry-meta'>Posted by <span class='author vcard'>"
        "<a href='/author/jd'>Jane Doe</a></span></footer></article>"
    )
    article = extract(page(story))
    assert (article.author, article.provenance["author"]) == ("Jane Doe", "dom (story footer)")
    site = f"<article>{story_html()}</article><footer><div class='author'>Site Team</div></footer>"
    assert extract(page(site)).author is None


def test_date_in_the_future_is_rejected_for_the_next_source() -> None:
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    head = (
        f'<meta property="article:published_time" content="{tomorrow}T08:00:00Z">'
        '<link rel="canonical" href="https://example.com/2014/06/01/bridge">'
    )
    article = extract(page(f"<article>{story_html()}</article>", head))
    assert (article.date, article.provenance["date"]) == ("2014-06-01", "url")


def test_utc_timestamp_a_day_off_the_url_takes_the_url_day() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2019-11-20T02:59:46Z"}</script>'
        '<link rel="canonical" href="https://example.com/2019/11/19/late-game">'
    )
    article = extract(page(f"<article>{story_html()}</article>", head))
    assert (article.date, article.provenance["date"]) == ("2019-11-19", "json-ld (day from url)")


def test_page_without_any_date_gets_none() -> None:
    article = extract(page(f"<article>{story_html()}</article>"))
    assert article.date is None
    assert "date" not in article.provenance


def test_ambiguous_numeric_date_is_not_guessed() -> None:
    article = extract(page(f"<article><p>Posted 05/10/2018</p>{story_html()}</article>"))
    assert article.date is None
    day_first = page(
        f"<article><p>Publicado 05/10/2018</p>{story_html()}</article>", "", ' lang="pt-BR"'
    )
    assert extract(day_first).date == "2018-10-05"


def test_latin1_page_with_meta_charset_decodes_accents() -> None:
    html = (
        '<html><head><meta charset="ISO-8859-1"><title>Café</title></head><body><article>'
        "<p>Le café de la place a rouvert ses portes après deux années de travaux, "
        "à la grande joie des habitués du quartier.</p></article></body></html>"
    )
    article = extract(html.encode("latin-1"))
    assert "Le café de la place a rouvert ses portes après deux années" in article.body
    assert article.provenance["encoding"] == "cp1252"


RUSSIAN = "Сильные дожди затопили улицы города во вторник, сообщили власти региона. " * 3
JAPANESE = "火曜日、東京で大雨が降り、多くの道路が冠水したと当局が発表した。" * 3
FRENCH = "Les élèves étaient déçus après la fête; où êtes-vous allé à l'été? " * 3
POLISH = "Władze miasta zamknęły w środę główną drogę po ulewnych deszczach. " * 3
SLOVAK = "Veľká voda zaplavila ulice, poľnohospodári žiadajú pomoc štátu. " * 3


@pytest.mark.parametrize(
    ("text", "encoding", "read_as"),
    [
        (RUSSIAN, "cp1251", "cp1251"),
        (RUSSIAN, "koi8-r", "koi8_r"),
        (JAPANESE, "shift_jis", "cp932"),
        (FRENCH, "latin-1", "cp1252"),  # Western text stays windows-1252, as before
        (POLISH, "cp1250", "cp1250"),  # Central European text: symbols inside words as 1252
        (POLISH, "iso8859_2", "iso8859_2"),
        (SLOVAK, "cp1250", "cp1250"),
        ("Ťažba uhlia sa v piatok zastavila. " * 3, "cp1250", "cp1250"),  # a byte 1252 lacks
    ],
)
def test_a_page_in_another_script_saved_without_its_charset(
    text: str, encoding: str, read_as: str
) -> None:
    html = (
        f"<html><head><title>T</title></head><body><article><p>{text}</p></article></body></html>"
    )
    article = extract(html.encode(encoding))
    assert text.strip() in article.body and article.provenance["encoding"] == read_as


def test_page_without_body_tag_still_gives_the_text() -> None:
    html = "<title>Bridge approved - Harbour Times</title>" + story_html()
    article = extract(html.encode())
    assert article.body == "\n\n".join(STORY)
    assert article.title == "Bridge approved - Harbour Times"  # no known site: dash kept


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, b"", b"   \n  "],
)
def test_binary_or_empty_data_is_skipped(data: bytes) -> None:
    result = extract_html(data, "junk.html")
    assert isinstance(result, Skip)
    assert result.path == "junk.html"
    assert result.reason


def test_a_page_rendered_by_script_is_read_from_its_json_data() -> None:
    paragraphs = [
        "The central bank kept its main rate at 4.5 percent on Thursday, citing inflation.",
        "Economists had expected the decision, though two members voted for a cut, minutes showed.",
        "The bank said it would look again at rates in June, when new forecasts are due out.",
    ]
    data = {
        "props": {
            "pageProps": {
                "article": {
                    "headline": "Central bank holds rates",
                    "seoDescription": "Read our full report on why the bank kept rates on hold.",
                    "body": [{"type": "p", "text": text} for text in paragraphs],
                    "image": {"caption": "The bank's headquarters, seen on a rainy Thursday."},
                }
            }
        }
    }
    html = (
        "<html><head><title>Central bank holds rates</title></head><body><div id=__next></div>"
        f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data)}</script>'
        "</body></html>"
    )
    article = extract_html(html.encode(), "next.html")
    assert isinstance(article, Article)
    assert article.body == "\n\n".join(paragraphs)  # no caption, no SEO teaser
    assert article.provenance["body"].startswith("embedded JSON data")


def test_a_page_rendered_by_script_without_data_is_read_from_its_description() -> None:
    description = "Heavy rain flooded streets in Valencia, Spain, on Tuesday, officials said."
    html = (
        "<html><head><title>Floods hit Valencia</title>"
        f'<meta property="og:description" content="{description}"></head>'
        '<body><div id="root"></div><script src="/app.js"></script></body></html>'
    )
    article = extract_html(html.encode(), "spa.html")
    assert isinstance(article, Article) and article.body == description
    assert article.provenance["body"].startswith("meta description")


def test_page_without_text_is_skipped_with_a_reason() -> None:
    result = extract_html(page('<nav><a href="/">Home</a></nav><div></div>'), "empty.html")
    assert result == Skip("empty.html", "no article text found")


def test_gzip_bytes_are_accepted() -> None:
    article = extract(gzip.compress(page(f"<article>{story_html()}</article>")), "a.html.gz")
    assert article.id == "a"
    assert article.body == "\n\n".join(STORY)


@pytest.mark.parametrize(
    ("title", "site_meta", "expected"),
    [
        ("Bridge approved | Harbour Times", "", "Bridge approved"),
        (
            "Bridge approved - Harbour Times",
            '<meta property="og:site_name" content="Harbour Times">',
            "Bridge approved",
        ),
        (
            "Bridge approved – harbourtimes.example",
            '<link rel="canonical" href="https://harbourtimes.example/x">',
            "Bridge approved",
        ),
        (
            "Brexit - what happens next",
            '<meta property="og:site_name" content="Harbour Times">',
            "Brexit - what happens next",
        ),
    ],
)
def test_title_site_suffix_is_stripped(title: str, site_meta: str, expected: str) -> None:
    html = f"<html><head><title>{title}</title>{site_meta}</head><body>{story_html()}</body></html>"
    assert extract(html.encode()).title == expected


def test_logo_h1_loses_to_the_page_title() -> None:
    body = f"<h1>Harbour Times</h1><article>{story_html()}</article>"
    assert extract(page(body)).title == "Bridge approved"


@pytest.mark.parametrize("site_title", ["Harbour Times", "News | Harbour Times"])
def test_a_title_that_only_names_the_site_gives_way_to_the_h1(site_title: str) -> None:
    body = f"<h1>Council approves the harbour bridge</h1><article>{story_html()}</article>"
    html = f"<html><head><title>{site_title}</title></head><body>{body}</body></html>"
    article = extract(html.encode())
    assert (article.title, article.provenance["title"]) == (
        "Council approves the harbour bridge",
        "h1",
    )


def test_source_from_og_site_name_else_canonical_domain() -> None:
    named = '<meta property="og:site_name" content="The Harbour Times">'
    assert extract(page(story_html(), named)).source == "The Harbour Times"
    canonical = '<link rel="canonical" href="https://www.harbourtimes.example/news/bridge">'
    article = extract(page(story_html(), canonical))
    assert (article.source, article.provenance["source"]) == ("harbourtimes.example", "url domain")


def test_huge_single_line_page_does_not_hang() -> None:
    data = page("<p>" + "word " * 2_000_000 + "</p>" + "<div>" * 5000 + story_html())
    assert isinstance(extract_html(data, "huge.html"), Article | Skip)


@pytest.mark.slow
def test_body_f1_on_the_article_extraction_corpus_stays_above_the_floor() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found: {CORPUS}")
    from bench import extraction as bench  # the benchmark's own measure, not a copy of it

    scores = []
    for key, raw, truth in bench.load_pages():
        result = extract_html(raw, f"{key}.html")
        body = result.body if isinstance(result, Article) else ""
        scores.append(bench.shingle_scores(truth, body))
    assert bench.precision_recall_f1(scores)[2] >= F1_FLOOR


@pytest.mark.parametrize(
    ("markup", "author"),
    [
        ('<span class="author">Jenny Smith</span>', "Jenny Smith"),
        ('<h4 class="byline">By Jenny Smith — The Moon</h4>', "Jenny Smith"),
        ('<div class="byline">by Jeff Foust Monday, November 18, 2019</div>', "Jeff Foust"),
        ('<p class="article-meta-author">Posted by Kevin Johnson and Kevin McCoy</p>',
         "Kevin Johnson, Kevin McCoy"),  # two names, written as a list
        ('<span id="author-name">Jenny_Smith</span>', "Jenny Smith"),
        ('<div data-component="Byline">Jenny Smith for Daily Mail Australia</div>', "Jenny Smith"),
        ('<div class="author"><span>Jenny Smith</span> <a>@jenny_smith</a> 11:57AM</div>',
         "Jenny Smith"),
        ('<address class="author">Jean-Luc de la Fontaine</address>', "Jean-Luc de la Fontaine"),
        ('<span itemprop="author creator">Text: Jenny Smith</span>', "Jenny Smith"),
        # not bylines: a quoted speaker, a figure credit, a sentence, an author's biography
        ('<blockquote><p class="quote-author">Jenny Smith</p></blockquote>', None),
        ('<figure><div class="author">Jenny Smith</div></figure>', None),
        ('<h4 class="author">The Russian and Syrian defense ministries</h4>', None),
        ('<div id="Byline">\n\n Print \n\n <span class="author vcard">National Desk</span></div>',
         "National Desk"),  # one word is a label ("Print"), not a name
        ('<div class="author-sarayut"><p>Submitted on Mon, 2019-01-21</p>' + "<p>x</p>" * 80
         + "</div>", None),  # a whole story whose class names its author
        ('<p class="byline">Jenny Smith (jenny@example.com) is the editor of The Review and a '
         'senior staff writer with <a>Space Weekly</a>, where she covers launches.' + "x" * 300
         + "</p>", None),
    ],
)  # fmt: skip
def test_bylines_in_the_markup(markup: str, author: str | None) -> None:
    article = extract(page(markup + f"<article>{story_html()}</article>"))
    assert article.author == author


@pytest.mark.parametrize(
    ("head", "author"),
    [
        ('<meta name="author" content="Jenny Smith"><meta name="author" content="John Smith">',
         "Jenny Smith, John Smith"),
        ('<meta name="citation_author" content="Jenny Smith">', "Jenny Smith"),
        ('<meta name="author" content="Jenny Smith ❤️">', "Jenny Smith"),  # emoji dropped
        ('<meta property="og:author" content="By &lt;a href=&quot;/p/av&quot;&gt;Amir Vera'
         '&lt;/a&gt;, Tara Subramaniam and Adam Renton, CNN">',
         "Amir Vera, Tara Subramaniam, Adam Renton, CNN"),
        ('<meta name="author" content="Jenny Smith und John Smith">', "Jenny Smith, John Smith"),
    ],
)  # fmt: skip
def test_every_author_meta_tag_counts(head: str, author: str) -> None:
    assert extract(page(f"<article>{story_html()}</article>", head)).author == author


def test_a_logo_h1_before_the_headline_is_passed_over() -> None:
    html = (
        "<html><head><title>Bridge approved | Harbour Times harbourtimes.com</title></head><body>"
        "<h1 id='website-logo'><a href='/'>Harbour Times</a></h1><h1>Bridge approved</h1>"
        f"<article>{story_html()}</article></body></html>"
    )
    assert extract(html.encode()).title == "Bridge approved"
    in_the_site_part = html.replace("id='website-logo'", "")  # the site's name, not a headline
    assert extract(in_the_site_part.encode()).title == "Bridge approved"


def test_a_domain_is_not_a_headline_and_empty_h1s_are_passed_over() -> None:
    html = (
        "<html><head><title>example.com</title></head><body><h1> </h1><h1>Bridge approved</h1>"
        f"<article>{story_html()}</article></body></html>"
    )
    assert extract(html.encode()).title == "Bridge approved"
    raquo = page(story_html()).replace(
        b"Bridge approved | Harbour Times", b"Bridge approved \xc2\xbb Site"
    )
    assert extract(raquo).title == "Bridge approved"
