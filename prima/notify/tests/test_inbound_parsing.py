"""Reading raw e-mail: charsets, encoded words, HTML, quoted replies, attachments, and bytes that are no e-mail at
all. Pure functions: no database."""

import hashlib
import os

import pytest

from prima.notify.inbound.parsing import InboundAttachment, parse_email, summarize
from prima.notify.inbound.text import html_to_text, trim_quoted_reply

from .inbound_helpers import PDF_BYTES, fixture_bytes, mail


def test_parse_email_reads_sender_recipients_subject_and_body() -> None:
    message = mail(message_id="<satu@contoh.id>", headers={"Cc": "Kepala <Kepala@DPMPTSP.bandung.go.id>"})

    parsed = parse_email(message.as_bytes())

    assert (
        parsed.message_id,
        parsed.from_name,
        parsed.from_address,
        parsed.to,
        parsed.cc,
        parsed.subject,
        parsed.text,
    ) == (
        "<satu@contoh.id>",
        "Budi Santoso",
        "budi@contoh.id",
        ["usaha@dpmptsp.bandung.go.id"],
        ["kepala@dpmptsp.bandung.go.id"],
        "Syarat izin usaha mikro",
        "Selamat pagi,\n\nApa saja syarat untuk mengurus NIB usaha mikro?\n\nTerima kasih.",
    )


def test_parse_email_decodes_latin1_body_and_encoded_word_headers() -> None:
    parsed = parse_email(fixture_bytes("latin1_complaint.eml"))

    assert (parsed.from_name, parsed.from_address, parsed.subject, parsed.text, parsed.envelope_recipients) == (
        "André Wijaya",
        "andre@contoh.id",
        "Pengaduan: antrean loket 3 terlalu lama — mohon ditindaklanjuti",
        "Selamat siang,\n\nSaya André. Antrean di loket 3 sudah dua jam tidak bergerak.\n\nSalam,\nAndré",
        ["usaha@dpmptsp.bandung.go.id"],
    )


def test_parse_email_reads_raw_8bit_headers_and_a_wrongly_declared_charset() -> None:
    raw = (
        "From: Dédé <dede@contoh.id>\r\nTo: usaha@dpmptsp.bandung.go.id\r\nSubject: Izin café\r\n"
        "Content-Type: text/plain; charset=us-ascii\r\n\r\nKafe saya di Jalan Braga — bisa?\r\n"
    ).encode()

    parsed = parse_email(raw)

    assert (parsed.from_name, parsed.subject, parsed.text) == ("Dédé", "Izin café", "Kafe saya di Jalan Braga — bisa?")


def test_parse_email_prefers_plain_text_of_multipart_alternative() -> None:
    message = mail(body="Versi teks.", html="<p>Versi <b>HTML</b>.</p>")

    assert parse_email(message.as_bytes()).text == "Versi teks."


def test_parse_email_converts_html_only_body_to_text() -> None:
    parsed = parse_email(fixture_bytes("html_only.eml"))

    assert (parsed.text, parsed.content_language) == (
        "Good morning,\n\nIs the office open on Saturday?\nOpening hours & address, please.\n\nThanks — Siti",
        "en-us",
    )


def test_parse_email_collects_attachments_with_rfc2231_names() -> None:
    message = mail(attachments=(("surat pengantar é.pdf", "application/pdf", PDF_BYTES),))

    assert parse_email(message.as_bytes()).attachments == [
        InboundAttachment(filename="surat pengantar é.pdf", content_type="application/pdf", content=PDF_BYTES)
    ]


def test_parse_email_keeps_only_the_base_name_of_an_attachment() -> None:
    message = mail(attachments=(("C:\\Users\\budi\\bukti.pdf", "application/pdf", PDF_BYTES),))

    assert [a.filename for a in parse_email(message.as_bytes()).attachments] == ["bukti.pdf"]


def test_parse_email_lists_in_reply_to_then_references_newest_first() -> None:
    message = mail(headers={"In-Reply-To": "<c@prima>", "References": "<a@prima> <b@prima> <c@prima>"})

    assert parse_email(message.as_bytes()).references == ["<c@prima>", "<b@prima>", "<a@prima>"]


@pytest.mark.parametrize("seed", range(5))
def test_parse_email_of_random_bytes_gives_empty_headers(seed: int) -> None:
    raw = bytes((seed * 7919 + i * 104729) % 256 for i in range(2000)) + os.urandom(500)

    parsed = parse_email(raw)

    assert (parsed.from_address, parsed.to, parsed.subject, parsed.message_id.endswith("@inbound.prima.invalid>")) == (
        "",
        [],
        "",
        True,
    )


def test_summarize_of_a_message_without_message_id_derives_a_stable_one() -> None:
    raw = b"From: budi@contoh.id\r\nSubject: Tanpa ID\r\n\r\nIsi\r\n"

    expected = f"<{hashlib.sha256(raw).hexdigest()}@inbound.prima.invalid>"

    assert (summarize(raw).message_id, summarize(raw).message_id) == (expected, expected)


def test_html_to_text_drops_scripts_and_styles_and_keeps_blocks_on_lines() -> None:
    html = "<style>p{}</style><h1>Judul</h1><ul><li>satu</li><li>dua &lt;3&gt;</li></ul><script>x()</script>akhir"

    assert html_to_text(html) == "Judul\n\nsatu\n\ndua <3>\n\nakhir"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Sudah saya kirim.\n\n> Mohon kirim berkas.\n> Terima kasih.", "Sudah saya kirim."),
        ("Baik.\n\nOn Mon, 2 Nov 2026 at 09:00, Prima <prima@x.id> wrote:\n> Mohon kirim berkas.", "Baik."),
        ("Baik.\n\nOn Mon, 2 Nov 2026 at 09:00, Prima Layanan <\nprima@x.id> wrote:\n\nMohon kirim.", "Baik."),
        ("Siap.\n\nPada Sen, 2 Nov 2026 pukul 09.00 Prima <prima@x.id> menulis:\nMohon kirim berkas.", "Siap."),
        ("Terlampir.\n\n-----Original Message-----\nFrom: Prima\nMohon kirim.", "Terlampir."),
        ("> hanya kutipan\n> saja", "> hanya kutipan\n> saja"),
        ("Jawab di sela:\n> Pertanyaan 1?\nJawaban 1.", "Jawab di sela:\nJawaban 1."),
    ],
)
def test_trim_quoted_reply(body: str, expected: str) -> None:
    assert trim_quoted_reply(body) == expected
