"""validate_attachment: size, whitelist, and content that matches its claimed type."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from prima.tickets.attachments import MAX_ATTACHMENT_BYTES, CheckedAttachment, validate_attachment

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20


def upload(name, content, content_type=None):
    return SimpleUploadedFile(name, content, content_type=content_type)


def code_of(file):
    with pytest.raises(ValidationError) as caught:
        validate_attachment(file)
    return caught.value.code


def test_validate_attachment_accepts_pdf():
    file = upload("surat.pdf", b"%PDF-1.7 isi", "application/pdf")

    assert validate_attachment(file) == CheckedAttachment(
        file=file, original_name="surat.pdf", content_type="application/pdf", size=12
    )


def test_validate_attachment_accepts_png_guessing_type_from_name():
    assert validate_attachment(upload("foto.PNG", PNG, "")).content_type == "image/png"


def test_validate_attachment_accepts_plain_text():
    assert validate_attachment(upload("catatan.txt", b"isi catatan", "text/plain")).size == 11


def test_validate_attachment_accepts_exactly_ten_megabytes():
    content = b"%PDF-" + b"0" * (MAX_ATTACHMENT_BYTES - 5)

    assert validate_attachment(upload("besar.pdf", content, "application/pdf")).size == MAX_ATTACHMENT_BYTES


def test_validate_attachment_refuses_one_byte_over_ten_megabytes():
    content = b"%PDF-" + b"0" * (MAX_ATTACHMENT_BYTES - 4)

    assert code_of(upload("besar.pdf", content, "application/pdf")) == "too_large"


def test_validate_attachment_refuses_empty_file():
    assert code_of(upload("kosong.pdf", b"", "application/pdf")) == "empty"


def test_validate_attachment_refuses_html():
    assert code_of(upload("halaman.html", b"<script>", "text/html")) == "type_not_allowed"


def test_validate_attachment_refuses_executable():
    assert code_of(upload("setup.exe", b"MZ\x90\x00", "application/octet-stream")) == "type_not_allowed"


def test_validate_attachment_refuses_extension_that_disagrees_with_type():
    assert code_of(upload("surat.exe", b"%PDF-1.7", "application/pdf")) == "type_not_allowed"


def test_validate_attachment_refuses_html_disguised_as_pdf():
    assert code_of(upload("surat.pdf", b"<html><script>alert(1)</script>", "application/pdf")) == "content_mismatch"


def test_validate_attachment_refuses_binary_disguised_as_text():
    assert code_of(upload("catatan.txt", b"MZ\x00\x00binary", "text/plain")) == "content_mismatch"


def test_validate_attachment_keeps_only_base_name():
    checked = validate_attachment(upload("../../etc/surat.pdf", b"%PDF-1.7", "application/pdf"))

    assert checked.original_name == "surat.pdf"
