"""A small readable extractor for saved news pages and feed HTML, on lxml.html.

trafilatura was the first choice, but it does not install cleanly here: its
dependency jusText imports `lxml.html.clean`, which lxml no longer ships, and
it pulls in a dozen more packages (dateparser, htmldate, courlan…). A news
page's article is plain markup: a title, paragraphs in <article> (or the
element marked itemprop="articleBody"), a few <meta> tags.

lxml (libxml2) builds the tree in linear time whatever the markup: a page of
a million unclosed <b> followed by a million stray </i> parses in
milliseconds, where a hand-kept tag stack rescanned per end tag took minutes.
Every pass below is lxml's own iteration (strip, iter, text_content), so no
Python recursion follows the page's depth. libxml2 stops at a fixed nesting
depth (2048 with huge_tree); a page nested deeper is refused rather than
imported with its end silently missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from archive.ingest.records import ReadError

# Text inside these is never article text.
_SKIP = (
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button", "svg",
)  # fmt: skip
# These start a new line in the text.
_BLOCK = (
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article",
)  # fmt: skip
_SPACES = re.compile(r"[ \t\u00a0\r\f\v]+")
# Marks each <br> in the tree, so that a line break is told from a newline in the source (a space in HTML).
_BREAK = "\u2029"
_ARTICLE = etree.XPath("(//article | //*[@itemprop='articleBody'])[1]")


@dataclass
class Page:
    """What a page says about itself and the article's text, as found in its markup."""

    title: str = ""
    h1: str = ""
    body: str = ""
    url: str = ""
    site_name: str = ""
    published: str = ""
    language: str = ""
    meta: dict[str, str] = field(default_factory=dict)


def _parse(html: str) -> lxml.html.HtmlElement | None:
    """The document's tree (None when it has no markup or text at all); ReadError when nested too deep."""
    # huge_tree lifts libxml2's 256-level cap to its hard 2048; the page is already bounded in bytes.
    parser = lxml.html.HTMLParser(encoding="utf-8", huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except etree.ParserError:  # «Document is empty»
        return None
    if any(error.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT for error in parser.error_log):
        raise ReadError("HTML بیش از ۲٬۰۴۸ لایه تودرتو است و بقیه‌اش خوانده نمی‌شود؛ صفحه ساختگی یا خراب است.")
    return root


def _words(text: str) -> str:
    return " ".join(text.replace(_BREAK, " ").split())


def _paragraph(text: str) -> str:
    lines = (" ".join(part.split()) for part in text.split(_BREAK))
    return "\n".join(line for line in lines if line)


def _mark_breaks(root) -> None:
    for br in root.iter("br"):
        br.tail = _BREAK + (br.tail or "")


def _tidy(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n\n".join(line for line in lines if line)


def _paragraphs(scope) -> list[str]:
    return [text for text in (_paragraph(p.text_content()) for p in scope.iter("p")) if text]


def _visible_text(scope) -> str:
    """The text of `scope`, a line break at each block element (the tree is marked in place)."""
    for element in scope.iter(*_BLOCK):
        element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    return _tidy("".join(scope.itertext()).replace(_BREAK, "\n"))


def _read_head(root, page: Page) -> None:
    page.language = root.get("lang", "")
    for meta in root.iter("meta"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        content = (meta.get("content") or "").strip()
        if name and content:
            page.meta.setdefault(name, content)
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and not page.url:
            page.url = link.get("href", "")
    page.published = next((t.get("datetime") for t in root.iter("time") if t.get("datetime")), "")
    title = next(root.iter("title"), None)
    page.title = _words(title.text_content()) if title is not None else ""


def extract_page(html: str) -> Page:
    """Title, article text and metadata of a saved page.

    The body is, in order of preference: the paragraphs of the <article>
    element (or itemprop="articleBody"); its text; all paragraphs outside
    navigation, header, footer and asides; the page's visible text. The
    first <h1> is the heading, not part of the body.
    """
    page = Page()
    root = _parse(html)
    if root is None:
        return page
    _read_head(root, page)
    etree.strip_elements(root, *_SKIP, with_tail=False)
    _mark_breaks(root)
    heading = next((h for h in root.iter("h1") if _words(h.text_content())), None)
    if heading is not None:
        page.h1 = _words(heading.text_content())
        heading.drop_tree()  # its tail is kept
    found = _ARTICLE(root)
    article = found[0] if found else None
    body = root.find("body")
    scope = body if body is not None else root
    if article is not None and (paragraphs := _paragraphs(article)):
        page.body = "\n\n".join(paragraphs)
    elif article is not None and (text := _visible_text(article)):
        page.body = text
    elif paragraphs := _paragraphs(scope):
        page.body = "\n\n".join(paragraphs)
    else:
        page.body = _visible_text(scope)
    meta = page.meta
    page.url = page.url or meta.get("og:url", "")
    page.site_name = meta.get("og:site_name", "")
    page.published = (
        meta.get("article:published_time") or meta.get("datepublished") or meta.get("date") or page.published
    )
    return page


def html_to_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed item's content), one paragraph per block."""
    root = _parse(fragment)
    if root is None:
        return ""
    etree.strip_elements(root, *_SKIP, with_tail=False)
    _mark_breaks(root)
    body = root.find("body")
    return _visible_text(body if body is not None else root)
