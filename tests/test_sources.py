"""Tests for kg.sources: every input format, every error, in order."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from kg.errors import InputError, KgError
from kg.model import Article
from kg.sources import SUPPORTED_SUFFIXES, Defaults, read_articles

TRADE = "Canada's trade minister criticised the new duties on Tuesday."
TALKS = "Officials said talks would resume in Geneva next month."
TARIFF = "The United States imposed a 25 percent tariff on Canadian steel last week."


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    else:
        path.write_bytes(content)
    return path


def read(*inputs: str | Path, **kwargs: object) -> list[Article | InputError]:
    return list(read_articles(inputs, **kwargs))  # type: ignore[arg-type]


def only_article(results: list[Article | InputError]) -> Article:
    assert len(results) == 1, results
    assert isinstance(results[0], Article), results[0]
    return results[0]


def assert_error(result: Article | InputError, origin: str | Path, reason: str) -> None:
    """An InputError for `origin` whose one-line message starts with it and holds `reason`."""
    assert isinstance(result, InputError), result
    message = str(result)
    assert "\n" not in message and "\r" not in message
    assert message.startswith(f"{origin}: ")
    assert result.origin == str(origin)
    assert reason in result.reason


def only_error(results: list[Article | InputError], origin: str | Path, reason: str) -> None:
    assert len(results) == 1, results
    assert_error(results[0], origin, reason)


# --- errors ---------------------------------------------------------------------------------


def test_input_error_is_one_line_naming_origin() -> None:
    error = InputError("news/a.json", "first line\nsecond line")
    assert isinstance(error, KgError)
    assert str(error) == "news/a.json: first line second line"
    assert (error.origin, error.reason) == ("news/a.json", "first line second line")


# --- plain text -----------------------------------------------------------------------------


def test_txt_is_whole_file_with_stem_as_id(tmp_path: Path) -> None:
    content = f"  {TRADE}\n\n{TALKS}   \n"
    path = write(tmp_path / "trade-talks.txt", content)
    article = only_article(read(path))
    assert article.text == content
    assert article.id == "trade-talks"
    assert article.origin == str(path)
    assert (article.title, article.published, article.source, article.url) == (None,) * 4
    assert article.metadata == {}
    start = article.text.index("Geneva")
    assert content[start : start + 6] == "Geneva"


def test_txt_crlf_normalised_and_bom_stripped(tmp_path: Path) -> None:
    path = write(tmp_path / "crlf.txt", b"\xef\xbb\xbf" + f"{TRADE}\r\n{TALKS}\r\n".encode())
    article = only_article(read(path))
    assert article.text == f"{TRADE}\n{TALKS}\n"
    assert article.text.index("Officials") == len(TRADE) + 1


def test_txt_lone_carriage_return_is_kept(tmp_path: Path) -> None:
    path = write(tmp_path / "cr.txt", f"{TRADE}\r{TALKS}")
    assert only_article(read(path)).text == f"{TRADE}\r{TALKS}"


# --- JSON -----------------------------------------------------------------------------------


def test_json_maps_every_key_and_keeps_the_rest_as_metadata(tmp_path: Path) -> None:
    record = {
        "id": "ledger-2024-0305",
        "title": "Canada criticises new steel duties",
        "published": "2024-03-05",
        "url": "https://ledger.example.com/canada-duties",
        "source": "Daily Ledger",
        "text": f"{TRADE}\n{TARIFF}",
        "author": "Jane Roe",
        "language": "en",
        "keywords": ["trade", "steel"],
    }
    path = write(tmp_path / "one.json", json.dumps(record))
    article = only_article(read(path))
    assert article == Article(
        text=f"{TRADE}\n{TARIFF}",
        id="ledger-2024-0305",
        title="Canada criticises new steel duties",
        published=dt.date(2024, 3, 5),
        url="https://ledger.example.com/canada-duties",
        source="Daily Ledger",
        origin=str(path),
        metadata={"author": "Jane Roe", "language": "en", "keywords": ["trade", "steel"]},
    )


def test_json_numeric_id_becomes_string(tmp_path: Path) -> None:
    path = write(tmp_path / "n.json", json.dumps({"id": 4711, "text": TRADE}))
    assert only_article(read(path)).id == "4711"


def test_json_without_id_keeps_none_not_the_stem(tmp_path: Path) -> None:
    path = write(tmp_path / "no-id.json", json.dumps({"text": TRADE}))
    article = only_article(read(path))
    assert article.id is None
    assert article.key == article.content_hash[:20]


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2024-03-05", dt.date(2024, 3, 5)),
        ("2024-03-05T09:30:00", dt.datetime(2024, 3, 5, 9, 30)),
        ("2024-03-05T09:30:00+01:00", dt.datetime.fromisoformat("2024-03-05T09:30:00+01:00")),
        ("5 March 2024", dt.date(2024, 3, 5)),
        ("March 2024", dt.date(2024, 3, 1)),
        ("Tue, 05 Mar 2024 14:15:00", dt.datetime(2024, 3, 5, 14, 15)),
    ],
)
def test_json_published_formats(tmp_path: Path, published: str, expected: object) -> None:
    path = write(tmp_path / "d.json", json.dumps({"text": TRADE, "published": published}))
    assert only_article(read(path)).published == expected


@pytest.mark.slow
@pytest.mark.parametrize("published", ["xyz", "yesterday", "5 March"])
def test_json_bad_date(tmp_path: Path, published: str) -> None:
    path = write(tmp_path / "bad-date.json", json.dumps({"text": TRADE, "published": published}))
    only_error(read(path), path, f"bad 'published' date '{published}'")


def test_json_missing_text(tmp_path: Path) -> None:
    path = write(tmp_path / "no-text.json", json.dumps({"id": "a1", "title": "Duties"}))
    only_error(read(path), path, "missing 'text'")


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"text": "   "}, "empty 'text'"),
        ({"text": ["a"]}, "'text' must be a string, not an array"),
        ({"text": TRADE, "title": 7}, "'title' must be a string, not a number"),
        ({"text": TRADE, "id": True}, "'id' must be a string or a number, not a boolean"),
    ],
)
def test_json_wrong_field_types(tmp_path: Path, record: dict[str, object], reason: str) -> None:
    path = write(tmp_path / "types.json", json.dumps(record))
    only_error(read(path), path, reason)


def test_json_malformed_reports_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path / "broken.json", '{\n  "text": "Duties rose.",\n  "title": \n}\n')
    results = read(path)
    only_error(results, path, "malformed JSON: Expecting value (line 4, column 1)")


def test_json_top_level_must_be_an_object(tmp_path: Path) -> None:
    path = write(tmp_path / "scalar.json", json.dumps(TRADE))
    only_error(read(path), path, "expected a JSON object with a 'text' key")


def test_json_array_yields_each_element_in_order(tmp_path: Path) -> None:
    records = [{"id": "a", "text": TRADE}, {"title": "No body"}, {"id": "c", "text": TALKS}]
    path = write(tmp_path / "batch.json", json.dumps(records, indent=2))
    first, second, third = read(path)
    assert isinstance(first, Article) and isinstance(third, Article)
    assert (first.id, first.text, first.origin) == ("a", TRADE, f"{path}[0]")
    assert_error(second, f"{path}[1]", "missing 'text'")
    assert (third.id, third.text, third.origin) == ("c", TALKS, f"{path}[2]")


def test_json_empty_array(tmp_path: Path) -> None:
    path = write(tmp_path / "none.json", "[]")
    only_error(read(path), path, "JSON array holds no articles")


# --- JSON lines -----------------------------------------------------------------------------


def test_jsonl_bad_line_is_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "l1", "text": TRADE}),
        '{"id": "l2", "text": ',
        "",
        json.dumps({"id": "l4", "text": TALKS, "author": "Ann Lee"}),
    ]
    path = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    first, error, last = read(path)
    assert isinstance(first, Article) and isinstance(last, Article)
    assert (first.id, first.origin) == ("l1", f"{path}:1")
    assert_error(error, f"{path}:2", "malformed JSON: Expecting value (column 22)")
    assert (last.id, last.origin, last.metadata) == ("l4", f"{path}:4", {"author": "Ann Lee"})


def test_ndjson_line_that_is_not_an_object(tmp_path: Path) -> None:
    path = write(tmp_path / "mixed.ndjson", f"[1, 2]\n{json.dumps({'text': TARIFF})}\n")
    error, article = read(path)
    assert_error(error, f"{path}:1", "expected a JSON object with a 'text' key")
    assert isinstance(article, Article)
    assert (article.text, article.origin) == (TARIFF, f"{path}:2")


# --- HTML -----------------------------------------------------------------------------------

ARTICLE_PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Canada criticises new duties | Daily Ledger</title>
<meta property="og:title" content="Canada criticises new steel duties">
<meta property="og:site_name" content="Daily Ledger">
<meta name="author" content="Jane Roe">
<meta name="description" content="Ottawa objects to the tariffs.">
<meta property="article:published_time" content="2024-03-05T09:30:00Z">
<link rel="canonical" href="https://ledger.example.com/2024/03/05/canada-duties">
</head>
<body>
<nav><a href="/">Home</a> <a href="/world">World news menu</a></nav>
<article>
<h1>Canada criticises new steel duties</h1>
<p>{TRADE} The minister called them unjustified and harmful to workers on both sides.</p>
<p>{TARIFF} Washington cited national security concerns that Ottawa rejects.</p>
<p>{TALKS} No date has been fixed for the meeting, which was first planned in 2019.</p>
</article>
<footer>Copyright 2024 Daily Ledger. All rights reserved.</footer>
</body></html>
"""


def test_html_article_text_and_metadata(tmp_path: Path) -> None:
    path = write(tmp_path / "canada-duties.html", ARTICLE_PAGE)
    article = only_article(read(path))
    assert article.id == "canada-duties"
    assert article.origin == str(path)
    assert article.title == "Canada criticises new steel duties"
    assert article.published == dt.date(2024, 3, 5)
    assert article.url == "https://ledger.example.com/2024/03/05/canada-duties"
    assert article.source == "Daily Ledger"
    assert article.metadata == {
        "author": "Jane Roe",
        "description": "Ottawa objects to the tariffs.",
        "language": "en",
    }
    lines = article.text.split("\n")
    assert any(line.startswith(TRADE) for line in lines)
    assert any(line.startswith(TALKS) for line in lines)
    for boilerplate in ("Home", "World news menu", "Copyright", "All rights reserved"):
        assert boilerplate not in article.text


def test_html_date_is_not_guessed_from_body_text(tmp_path: Path) -> None:
    page = f"<html><body><article><p>{TRADE} Talks began in 2019.</p></article></body></html>"
    article = only_article(read(write(tmp_path / "undated.htm", page)))
    assert article.published is None
    assert article.text == f"{TRADE} Talks began in 2019."


def test_html_declared_charset_is_honoured(tmp_path: Path) -> None:
    page = (
        "<html><head><meta charset='iso-8859-1'><title>Caf\u00e9 diplomacy</title></head>"
        "<body><article><p>The minister met her counterpart in Montr\u00e9al on Tuesday "
        "to discuss the duties.</p></article></body></html>"
    )
    article = only_article(read(write(tmp_path / "latin.html", page.encode("latin-1"))))
    assert article.title == "Caf\u00e9 diplomacy"
    assert "Montr\u00e9al" in article.text


def test_html_fragment_without_body(tmp_path: Path) -> None:
    article = only_article(read(write(tmp_path / "fragment.html", f"<p>{TRADE}</p>")))
    assert article.text == TRADE


def test_html_without_article_text(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Menu</title></head><body>"
        "<nav><a href='/'>Home</a></nav><footer>Copyright</footer></body></html>"
    )
    path = write(tmp_path / "menu.html", page)
    only_error(read(path), path, "no article text found in HTML")


# --- feeds ----------------------------------------------------------------------------------

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>World Trade Wire</title><link>https://wire.example.com/</link>
<item>
  <title>Canada criticises duties</title>
  <link>https://wire.example.com/canada-duties</link>
  <guid>wire-0001</guid>
  <pubDate>Tue, 05 Mar 2024 09:30:00 GMT</pubDate>
  <author>desk@wire.example.com (Jane Roe)</author>
  <category>trade</category>
  <description><![CDATA[<p>{TRADE}</p><p>Talks resume in <b>Geneva</b> &amp; Brussels.</p>
  <script>track()</script>]]></description>
</item>
<item>
  <title>Steel tariff</title>
  <link>https://wire.example.com/steel</link>
  <pubDate>Wed, 06 Mar 2024 18:00:00 GMT</pubDate>
  <description>{TARIFF} Exporters &lt;em&gt;objected&lt;/em&gt;.</description>
</item>
</channel></rss>
"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Pacific Policy Feed</title><id>urn:feed</id><updated>2024-03-07T00:00:00Z</updated>
<entry>
  <id>urn:uuid:1</id>
  <title type="html">Japan &lt;em&gt;joins&lt;/em&gt; talks</title>
  <link href="https://pp.example.org/japan"/>
  <updated>2024-03-06T12:00:00Z</updated>
  <summary>Short summary that the content outranks.</summary>
  <content type="html">&lt;p&gt;Japan joined the talks.&lt;/p&gt;
    &lt;p&gt;{TALKS}&lt;/p&gt;</content>
</entry>
<entry>
  <id>urn:uuid:2</id>
  <title>Korea follows</title>
  <link href="https://pp.example.org/korea"/>
  <published>2024-03-07T08:00:00+09:00</published>
  <updated>2024-03-07T08:00:00+09:00</updated>
  <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Korea <b>joined</b> too.</p>
  </div></content>
</entry>
</feed>
"""


def test_rss_entries_become_articles(tmp_path: Path) -> None:
    path = write(tmp_path / "wire.rss", RSS)
    first, second = read(path)
    assert first == Article(
        text=f"{TRADE}\nTalks resume in Geneva & Brussels.",
        id="wire-0001",
        title="Canada criticises duties",
        published=dt.date(2024, 3, 5),
        url="https://wire.example.com/canada-duties",
        source="World Trade Wire",
        origin=f"{path}#1",
        metadata={"author": "desk@wire.example.com (Jane Roe)", "keywords": ["trade"]},
    )
    assert isinstance(second, Article)
    assert second.text == f"{TARIFF} Exporters objected."
    assert second.id == "https://wire.example.com/steel"  # no guid: the link stands in
    assert (second.published, second.origin) == (dt.date(2024, 3, 6), f"{path}#2")


def test_atom_entries_become_articles(tmp_path: Path) -> None:
    path = write(tmp_path / "pacific.atom", ATOM)
    first, second = read(path)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.text == f"Japan joined the talks.\n{TALKS}"
    assert (first.id, first.title, first.url) == (
        "urn:uuid:1",
        "Japan joins talks",
        "https://pp.example.org/japan",
    )
    assert (first.published, first.source, first.origin) == (
        dt.date(2024, 3, 6),
        "Pacific Policy Feed",
        f"{path}#1",
    )
    assert second.text == "Korea joined too."
    # the publisher's own date, not the UTC one (2024-03-06T23:00Z)
    assert (second.id, second.published) == ("urn:uuid:2", dt.date(2024, 3, 7))


def test_xml_suffix_feed_and_entry_without_text(tmp_path: Path) -> None:
    feed = RSS.replace("<item>", "<item><title>Empty</title><guid>e0</guid></item><item>", 1)
    path = write(tmp_path / "wire.xml", feed)
    error, first, second = read(path)
    assert_error(error, f"{path}#1", "feed entry has no text")
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.id, first.origin, second.origin) == ("wire-0001", f"{path}#2", f"{path}#3")


def test_malformed_feed(tmp_path: Path) -> None:
    path = write(tmp_path / "broken.rss", '<rss version="2.0"><channel><title>Broken')
    only_error(read(path), path, "malformed feed: no element found")
    assert "<unknown>" not in str(read(path)[0])


def test_feed_without_entries(tmp_path: Path) -> None:
    path = write(tmp_path / "quiet.xml", "<rss><channel><title>Quiet</title></channel></rss>")
    only_error(read(path), path, "feed has no entries")


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    sitemap = '<?xml version="1.0"?>\n<!-- map -->\n<urlset><url><loc>x</loc></url></urlset>'
    path = write(tmp_path / "sitemap.xml", sitemap)
    only_error(read(path), path, "XML file is not an RSS/Atom feed")


# --- paths ----------------------------------------------------------------------------------


def test_directory_is_walked_sorted_skipping_hidden_and_unsupported(tmp_path: Path) -> None:
    root = tmp_path / "news"
    write(root / "b.txt", TALKS)
    write(root / "a.json", json.dumps({"id": "a", "text": TRADE}))
    write(root / "sub" / "c.TXT", TARIFF)
    write(root / ".hidden.txt", "hidden")
    write(root / ".git" / "d.txt", "hidden too")
    write(root / "notes.pdf", b"%PDF-1.4")
    write(root / "sub" / "readme.md", "# not an article")
    results = read(root)
    assert all(isinstance(r, Article) for r in results)
    assert [r.origin for r in results] == [
        str(root / "a.json"),
        str(root / "b.txt"),
        str(root / "sub" / "c.TXT"),
    ]
    assert [r.text for r in results] == [TRADE, TALKS, TARIFF]


def test_directory_without_supported_files(tmp_path: Path) -> None:
    write(tmp_path / "empty" / "scan.pdf", b"%PDF-1.4")
    only_error(read(tmp_path / "empty"), tmp_path / "empty", "no supported files in directory")


def test_explicit_unsupported_file(tmp_path: Path) -> None:
    path = write(tmp_path / "report.pdf", b"%PDF-1.4")
    expected = ", ".join(SUPPORTED_SUFFIXES)
    only_error(read(path), path, f"unsupported file type '.pdf' (expected one of {expected})")
    assert expected.startswith(".txt, .html, .htm, .json")


def test_missing_path(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.txt"
    only_error(read(path), path, "no such file or directory")


@pytest.mark.parametrize("name", ["blank.txt", "blank.json", "blank.html", "blank.rss"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = write(tmp_path / name, " \n\t\n")
    only_error(read(path), path, "empty file")


@pytest.mark.parametrize("name", ["photo.txt", "photo.html", "photo.xml"])
def test_binary_file(tmp_path: Path, name: str) -> None:
    path = write(tmp_path / name, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    only_error(read(path), path, "binary file, not text")


def test_non_utf8_text(tmp_path: Path) -> None:
    path = write(tmp_path / "latin.txt", "Talks in Montr\u00e9al.".encode("latin-1"))
    only_error(read(path), path, "not valid UTF-8 text (byte 0xe9 at offset 14)")


def test_errors_keep_their_place_between_articles(tmp_path: Path) -> None:
    first = write(tmp_path / "first.txt", TRADE)
    last = write(tmp_path / "last.txt", TALKS)
    results = read(first, tmp_path / "gone.txt", last)
    assert [type(r) for r in results] == [Article, InputError, Article]
    assert [r.origin for r in results] == [str(first), str(tmp_path / "gone.txt"), str(last)]


def test_same_inputs_same_articles(tmp_path: Path) -> None:
    write(tmp_path / "d" / "wire.rss", RSS)
    write(tmp_path / "d" / "a.txt", TRADE)
    write(tmp_path / "d" / "page.html", ARTICLE_PAGE)
    assert read(tmp_path / "d") == read(tmp_path / "d")


# --- stdin ----------------------------------------------------------------------------------


def test_stdin_plain_text() -> None:
    article = only_article(read("-", stdin=io.BytesIO(f"{TRADE}\r\n{TALKS}".encode())))
    assert (article.text, article.id, article.origin) == (f"{TRADE}\n{TALKS}", None, "-")


def test_stdin_text_stream_is_accepted() -> None:
    article = only_article(read("-", stdin=io.StringIO(TARIFF)))
    assert (article.text, article.origin) == (TARIFF, "-")


def test_stdin_text_starting_with_a_bracket() -> None:
    text = f"[Reuters] {TRADE}"
    assert only_article(read("-", stdin=io.BytesIO(text.encode()))).text == text


def test_stdin_json_object() -> None:
    record = {"id": 12, "title": "Duties", "text": TRADE, "published": "2024-03-05"}
    stdin = io.BytesIO(json.dumps(record, indent=2).encode())
    article = only_article(read("-", stdin=stdin))
    assert (article.id, article.title, article.origin) == ("12", "Duties", "-")
    assert article.published == dt.date(2024, 3, 5)


def test_stdin_json_lines() -> None:
    lines = [json.dumps({"id": "s1", "text": TRADE}), "", json.dumps({"id": "s3", "text": TALKS})]
    first, second = read("-", stdin=io.BytesIO("\n".join(lines).encode()))
    assert isinstance(first, Article) and isinstance(second, Article)
    assert [(first.id, first.origin), (second.id, second.origin)] == [("s1", "-:1"), ("s3", "-:3")]


def test_stdin_json_lines_with_a_bad_line() -> None:
    stdin = io.BytesIO(f'{json.dumps({"text": TRADE})}\n{{"text": oops}}\n'.encode())
    article, error = read("-", stdin=stdin)
    assert isinstance(article, Article) and article.origin == "-:1"
    assert_error(error, "-:2", "malformed JSON: Expecting value")


def test_stdin_malformed_json_object() -> None:
    only_error(read("-", stdin=io.BytesIO(b'{"text": ')), "-", "malformed JSON: Expecting value")


def test_stdin_html_and_feed() -> None:
    page = only_article(read("-", stdin=io.BytesIO(ARTICLE_PAGE.encode())))
    assert (page.title, page.id, page.origin) == ("Canada criticises new steel duties", None, "-")
    entries = read("-", stdin=io.BytesIO(ATOM.encode()))
    assert [r.origin for r in entries] == ["-#1", "-#2"]


def test_stdin_empty() -> None:
    only_error(read("-", stdin=io.BytesIO(b"  \n")), "-", "empty file")


# --- defaults -------------------------------------------------------------------------------


def test_defaults_fill_only_missing_fields(tmp_path: Path) -> None:
    defaults = Defaults(published=dt.date(2024, 1, 2), source="Desk notes", title="Untitled")
    given = write(tmp_path / "given.json", json.dumps({"text": TRADE, "title": "Duties"}))
    full = {"text": TALKS, "title": "Talks", "published": "2024-03-05", "source": "Ledger"}
    complete = write(tmp_path / "complete.json", json.dumps(full))
    bare = write(tmp_path / "bare.txt", TARIFF)
    first, second, third = read(given, complete, bare, defaults=defaults)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert isinstance(third, Article)
    assert (first.title, first.published, first.source) == (
        "Duties",
        dt.date(2024, 1, 2),
        "Desk notes",
    )
    assert (second.title, second.published, second.source) == (
        "Talks",
        dt.date(2024, 3, 5),
        "Ledger",
    )
    assert (third.title, third.published, third.source) == (
        "Untitled",
        dt.date(2024, 1, 2),
        "Desk notes",
    )


def test_defaults_source_for_a_feed_without_title(tmp_path: Path) -> None:
    feed = RSS.replace("<title>World Trade Wire</title>", "")
    results = read(write(tmp_path / "anon.rss", feed), defaults=Defaults(source="Wire"))
    assert [r.source for r in results] == ["Wire", "Wire"]


# --- a plain text's headline ------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "title", "body"),
    [
        ("Canada drops digital tax\nOttawa dropped the tax.", "Canada drops digital tax", "Ottawa"),
        ("Canada drops digital tax\n\nOttawa dropped it.", "Canada drops digital tax", "Ottawa"),
        ("  Is the truce over?\n\nBeijing said no.\n", "Is the truce over?", "Beijing"),
        ("Ottawa dropped the tax.\n\nIt said so on Sunday.", None, "Ottawa"),
        ("Ottawa dropped the tax\n", None, "Ottawa"),  # nothing follows: it is the text
    ],
)
def test_txt_headline_becomes_the_title(
    tmp_path: Path, content: str, title: str | None, body: str
) -> None:
    article = only_article(read(write(tmp_path / "a.txt", content)))
    assert article.title == title
    assert article.text.startswith(body)
    if title:
        assert title not in article.text


def test_txt_headline_offsets_point_into_the_body(tmp_path: Path, extractor) -> None:
    path = write(tmp_path / "a.txt", "Canada hits back\nCanada condemned Beijing on Tuesday.")
    article = only_article(read(path))
    [claim] = extractor.extract(article).claims
    ev = claim.evidence
    assert article.text[ev.char_start : ev.char_end] == ev.sentence
    assert ev.sentence == "Canada condemned Beijing on Tuesday."


def test_title_option_does_not_replace_a_headline(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "Canada drops digital tax\nOttawa dropped the tax.")
    [article] = read(path, defaults=Defaults(title="Given"))
    assert isinstance(article, Article) and article.title == "Canada drops digital tax"
