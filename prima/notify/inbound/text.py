"""Turning the body of an e-mail into the plain text of a request or a reply. Pure functions, no side effects.

* ``html_to_text``: tags stripped, block elements on their own lines, scripts and styles dropped, entities decoded.
* ``trim_quoted_reply``: a reply without the message it quotes (``>`` lines, and everything from an
  "On … wrote:" / "Pada … menulis:" line or a forwarded/original-message separator on).
* ``clean_text``: one newline convention, no control characters (PostgreSQL refuses NUL), no runs of blank lines.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "fieldset", "figcaption",
        "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
        "ol", "p", "pre", "section", "table", "tr", "ul",
    }
)  # fmt: skip
HIDDEN_TAGS = frozenset({"head", "script", "style", "title", "template"})

# The line a mail client writes above the message it quotes, in English and Indonesian (Gmail, Apple Mail,
# Thunderbird). Gmail may wrap it, so it is also looked for across two lines.
ATTRIBUTION = re.compile(r"^\s*(On|Pada)\s.*\b(wrote|menulis)\s*:\s*$", re.IGNORECASE | re.DOTALL)
# Outlook and others put a separator, not an attribution, above the quoted message.
SEPARATOR = re.compile(
    r"^\s*(-{2,}\s*(Original Message|Pesan Asli|Pesan Awal|Forwarded message|Pesan yang diteruskan)\s*-{2,}"
    r"|_{10,})\s*$",
    re.IGNORECASE,
)
# C0 controls other than tab and newline, DEL, and the C1 controls.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN_TAGS:
            self.hidden_depth += 1
        elif tag in BLOCK_TAGS:
            self.chunks.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS:
            self.chunks.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN_TAGS:
            self.hidden_depth = max(0, self.hidden_depth - 1)
        elif tag in BLOCK_TAGS:
            self.chunks.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden_depth:
            # HTML collapses whitespace; the line breaks come from the block tags.
            self.chunks.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """The readable text of an HTML body."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    lines = (line.strip() for line in "".join(extractor.chunks).splitlines())
    return clean_text("\n".join(lines))


def clean_text(text: str) -> str:
    """``\\n`` line ends, no control characters, no trailing spaces, at most one blank line in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = CONTROL_CHARACTERS.sub("", text).replace("\u2028", "\n").replace("\u2029", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def trim_quoted_reply(text: str) -> str:
    """The new part of a reply: quoted lines dropped and the quoted message cut off. When nothing would be left
    (the whole message was a quotation), the text is returned as it was."""
    lines = text.split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        two_lines = f"{line} {lines[index + 1]}" if index + 1 < len(lines) else line
        if (
            SEPARATOR.match(line)
            or ATTRIBUTION.match(line)
            or (re.match(r"^\s*(On|Pada)\s", line, re.IGNORECASE) and ATTRIBUTION.match(two_lines))
        ):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line)
    trimmed = clean_text("\n".join(kept))
    return trimmed or clean_text(text)
