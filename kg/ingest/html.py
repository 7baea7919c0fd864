"""HTML pages to article text: markup and page furniture removed, metadata kept."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser as HTMLParser

# Elements that never hold the article's own text.
_FURNITURE = (
    "script", "style", "noscript", "template", "svg", "iframe", "form", "nav", "header",
    "footer", "aside", "button", "select", "figure figcaption", "[role=navigation]",
    "[role=banner]", "[role=contentinfo]", "[aria-hidden=true]",
)
_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
           "article", "blockquote", "pre", "td", "dd", "dt")
_DATE_META = (
    'meta[property="article:published_time"]', 'meta[name="date"]', 'meta[name="pubdate"]',
    'meta[name="publish-date"]', 'meta[itemprop="datePublished"]', 'meta[name="DC.date"]',
    'meta[property="og:published_time"]',
)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def html_to_article_fields(html: str) -> dict[str, str | None]:
    """Text (paragraphs separated by blank lines), title, date and language of a page."""
    tree = HTMLParser(html)
    meta = {"title": None, "date": None, "lang": None, "url": None}
    title = tree.css_first("title")
    if title is not None:
        meta["title"] = title.text(strip=True) or None
    for sel in _DATE_META:
        node = tree.css_first(sel)
        if node is not None and node.attributes.get("content"):
            m = _ISO_DATE.search(node.attributes["content"] or "")
            if m:
                meta["date"] = m.group(0)
                break
    if meta["date"] is None:
        node = tree.css_first("time[datetime]")
        if node is not None:
            m = _ISO_DATE.search(node.attributes.get("datetime") or "")
            meta["date"] = m.group(0) if m else None
    html_node = tree.css_first("html")
    if html_node is not None and html_node.attributes.get("lang"):
        meta["lang"] = (html_node.attributes["lang"] or "").split("-")[0].lower() or None
    canon = tree.css_first('link[rel="canonical"]')
    if canon is not None:
        meta["url"] = canon.attributes.get("href")
    for sel in _FURNITURE:
        for node in tree.css(sel):
            node.decompose()
    root = tree.css_first("article") or tree.css_first("main") or tree.body or tree.root
    if root is None:
        return {**meta, "text": ""}
    for tag in _BLOCKS:
        for node in root.css(tag):
            node.insert_before("\n")
            node.insert_after("\n")
    text = root.text(separator="", strip=False)
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in text.splitlines()]
    paragraphs: list[str] = []
    for ln in lines:
        if ln:
            paragraphs.append(ln)
    return {**meta, "text": "\n\n".join(paragraphs)}
