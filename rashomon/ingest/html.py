"""HTML pages to article text: trafilatura for the body and comments, htmldate for the date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import htmldate
import lxml.html
import trafilatura
from lxml.etree import ParserError

from rashomon.ingest.encoding import repair_text
from rashomon.ingest.metadata import parse_date, split_authors


@dataclass
class Page:
    text: str
    comments: str = ""
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: date | None = None
    outlet: str | None = None
    url: str | None = None
    language: str | None = None


def extract_page(html: str, url: str | None = None) -> Page | None:
    """The article on an HTML page, or None when the page holds no article text."""
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=True,  # comments come back apart from the body, so they can be kept as removed
        with_metadata=True,
        favor_precision=True,  # chosen on the dev half of the extraction benchmark (bench/extract.py)
    )
    if doc is None or not (doc.text or "").strip():
        return None
    return Page(
        text=repair_text(doc.text).strip(),
        comments=repair_text(doc.comments or "").strip(),
        title=doc.title or None,
        authors=split_authors(doc.author),
        published=publication_date(html, url) or parse_date(doc.date),
        outlet=doc.sitename or None,
        url=doc.url or url,
        language=doc.language or None,
    )


def publication_date(html: str, url: str | None = None) -> date | None:
    """The original publication date (not the last update) from the page's markup and URL."""
    try:
        found = htmldate.find_date(html, url=url, original_date=True, extensive_search=False)
    except (ValueError, ParserError):
        return None
    return parse_date(found)


def fragment_text(html: str) -> str:
    """Text of an HTML fragment (a feed entry's content), paragraphs on their own lines."""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ParserError, ValueError):
        return ""
    for block in root.iter("p", "br", "div", "li", "h1", "h2", "h3", "h4", "blockquote", "figcaption"):
        block.tail = "\n\n" + (block.tail or "")
    return root.text_content()
