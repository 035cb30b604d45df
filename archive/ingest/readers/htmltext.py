"""A small readable extractor for saved news pages and feed HTML.

trafilatura was the first choice, but it does not install cleanly here: its
dependency jusText imports `lxml.html.clean`, which lxml no longer ships, and
it pulls in a dozen more packages (dateparser, htmldate, courlan…). A news
page's article is plain markup: a title, paragraphs in <article> (or the
element marked itemprop="articleBody"), a few <meta> tags. The standard
library's HTMLParser reads that without guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Text inside these is never article text.
_SKIP = {
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "svg",
}
# These start a new line in the text.
_BLOCK = {
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
    "section",
    "article",
}
_VOID = {"br", "img", "meta", "link", "input", "hr", "source", "wbr", "area", "base", "col", "embed", "track"}
_SPACES = re.compile(r"[ \t\u00a0\r\f\v]+")


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


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.stack: list[str] = []
        self.skip_depth = 0
        self.article_depth: int | None = None  # stack depth of <article>/articleBody, once seen
        self.in_title = False
        self.in_h1 = False
        self.in_time: str | None = None
        self.all_text: list[str] = []
        self.article_text: list[str] = []
        self.paragraphs: list[str] = []
        self.paragraph: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html" and a.get("lang"):
            self.page.language = a["lang"]
        if tag == "meta":
            name = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if name and a.get("content"):
                self.page.meta.setdefault(name, a["content"].strip())
            return
        if tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.page.url = self.page.url or a.get("href", "")
            return
        if tag == "time" and a.get("datetime") and not self.page.published:
            self.page.published = a["datetime"]
        if tag in _VOID:
            if tag == "br":
                self._text("\n")
            return
        self.stack.append(tag)
        if tag in _SKIP:
            self.skip_depth += 1
        if self.article_depth is None and (tag == "article" or a.get("itemprop") == "articleBody"):
            self.article_depth = len(self.stack)
        self.in_title = self.in_title or tag == "title"
        self.in_h1 = self.in_h1 or (tag == "h1" and not self.page.h1)
        if tag == "p":
            self.paragraph = []
        elif tag in _BLOCK:
            self._text("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or tag not in self.stack:
            return
        while self.stack:
            open_tag = self.stack.pop()
            if open_tag in _SKIP:
                self.skip_depth -= 1
            if self.article_depth is not None and len(self.stack) < self.article_depth:
                self.article_depth = -1  # the article element has closed
            if open_tag == "title":
                self.in_title = False
            if open_tag == "h1":
                self.in_h1 = False
            if open_tag == "p" and self.paragraph is not None:
                self._end_paragraph()
            if open_tag == tag:
                break
        if tag in _BLOCK:
            self._text("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.page.title += data
        if self.skip_depth:
            return
        if self.in_h1:
            self.page.h1 += data
            return
        self._text(data)
        if self.paragraph is not None:
            self.paragraph.append(data)

    def _text(self, data: str) -> None:
        if self.skip_depth:
            return
        self.all_text.append(data)
        if self.article_depth is not None and self.article_depth > 0:
            self.article_text.append(data)

    def _end_paragraph(self) -> None:
        text = _SPACES.sub(" ", "".join(self.paragraph or [])).strip()
        if text and (self.article_depth is None or self.article_depth > 0):
            self.paragraphs.append(text)
        self.paragraph = None


def _tidy(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n\n".join(line for line in lines if line)


def extract_page(html: str) -> Page:
    """Title, article text and metadata of a saved page.

    The body is, in order of preference: the paragraphs of the <article>
    element (or itemprop="articleBody"); all paragraphs outside navigation,
    header, footer and asides; the page's visible text.
    """
    parser = _Extractor()
    parser.feed(html)
    parser.close()
    page = parser.page
    page.title = _SPACES.sub(" ", page.title).strip()
    page.h1 = _SPACES.sub(" ", page.h1).strip()
    article_paragraphs = parser.paragraphs
    if article_paragraphs:
        page.body = "\n\n".join(article_paragraphs)
    elif parser.article_text:
        page.body = _tidy("".join(parser.article_text))
    else:
        page.body = _tidy("".join(parser.all_text))
    meta = page.meta
    page.url = page.url or meta.get("og:url", "")
    page.site_name = meta.get("og:site_name", "")
    page.published = (
        meta.get("article:published_time") or meta.get("datepublished") or meta.get("date") or page.published
    )
    return page


def html_to_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed item's content), one paragraph per block."""
    parser = _Extractor()
    parser.feed(fragment)
    parser.close()
    return _tidy("".join(parser.all_text))
