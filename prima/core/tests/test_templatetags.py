import datetime as dt

from django.template import Context, Template
from django.utils import translation

from prima.core.money import format_rupiah

MOMENT = dt.datetime(2025, 5, 5, 1, 30, tzinfo=dt.UTC)


def render(source: str, **context: object) -> str:
    return Template("{% load prima %}" + source).render(Context(context))


def test_in_zone_keeps_the_unit_zone_through_the_date_filter() -> None:
    with translation.override("id"):
        shown = render(
            '{{ m|in_zone:"Asia/Jakarta"|date:"H.i" }} {{ m|in_zone:"Asia/Makassar"|date:"H.i" }} '
            '{{ m|in_zone:"Asia/Jayapura"|date:"H.i" }}',
            m=MOMENT,
        )

    assert shown == "08.30 09.30 10.30"


def test_in_zone_of_nothing_is_empty() -> None:
    assert render('{{ m|in_zone:"Asia/Makassar"|default:"-" }}', m=None) == "-"


def test_rupiah_uses_dots_between_thousands() -> None:
    assert [format_rupiah(1250000), format_rupiah(0), format_rupiah(-5000), format_rupiah(None)] == [
        "Rp1.250.000",
        "Rp0",
        "-Rp5.000",
        "",
    ]
