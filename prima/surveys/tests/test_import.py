import io
from fractions import Fraction

import pytest
from openpyxl import Workbook

from prima.activity.models import ActivityLog
from prima.surveys.analytics.skm import compute_skm
from prima.surveys.imports import MAX_ROWS, ImportRefused, column_letter, import_responses
from prima.surveys.models import Answer, ImportBatch, Response, ResponseChannel

pytestmark = pytest.mark.django_db

HEADER = "U1,U2,U3,U4,U5,U6,U7,U8,U9,JK,LAYANAN,SARAN"


def csv_bytes(*lines: str, bom: bool = False) -> bytes:
    return (("\ufeff" if bom else "") + "\n".join(lines) + "\n").encode()


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def refused(survey, content: bytes, name: str = "kuesioner.csv") -> list[str]:
    with pytest.raises(ImportRefused) as error:
        import_responses(survey, content, file_name=name)
    assert Response.objects.count() == 0
    return [str(cell) for cell in error.value.errors]


def test_import_csv_writes_paper_responses(cast, skm, services):
    content = csv_bytes(HEADER, "4,3,3,2,4,4,4,3,2,Perempuan,2,Antrean lama", "3,3,2,2,3,4,4,3,1,1,,", bom=True)
    result = import_responses(skm, content, file_name="kuesioner.csv", actor=cast.supervisor)
    assert result.imported == 2
    responses = list(Response.objects.order_by("import_row"))
    assert [(r.channel, r.import_row, r.import_batch, r.index_items_answered) for r in responses] == [
        (ResponseChannel.PAPER, 2, result.batch, 9),
        (ResponseChannel.PAPER, 3, result.batch, 9),
    ]
    assert responses[0].service_id == services[1].pk
    assert Answer.objects.get(response=responses[0], item__code="JK").value == 2
    assert Answer.objects.get(response=responses[0], item__code="SARAN").text == "Antrean lama"
    assert compute_skm(skm).respondents == 2
    assert ImportBatch.objects.get(batch=result.batch).rows == 2
    assert ActivityLog.objects.filter(action="surveys.responses.imported").count() == 1


def test_import_semicolon_csv_lowercase_header_and_date(skm):
    content = csv_bytes("u1; u2;U3;U4;U5;U6;U7;U8;U9;Tanggal", "4;4;4;4;4;4;4;4;4;2026-02-03")
    import_responses(skm, content, file_name="a.csv")
    response = Response.objects.get()
    assert response.submitted_at.date().isoformat() == "2026-02-03"


def test_import_xlsx_accepts_float_numbers_and_english_labels(skm):
    content = xlsx_bytes(
        [["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9", "JK"], [4.0, 3, 3, 2, 4, 4, 4, 3, 2, "female"]]
    )
    assert import_responses(skm, content, file_name="kuesioner.xlsx").imported == 1
    assert Answer.objects.get(item__code="JK").value == 2
    assert Answer.objects.get(item__code="U1").value == 4


def test_import_lists_every_bad_cell(skm):
    content = xlsx_bytes(
        [
            ["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9", "JK"],
            [5, 3, 3, 3, 3, 3, 3, 3, 3, "L"],
            [3.5, "tiga", 3, 3, 3, 3, 3, 3, None, 1],
        ]
    )
    assert refused(skm, content, "k.xlsx") == [
        "row 2, column A (U1): Give a number from 1 to 4.",
        "row 2, column J (JK): Not one of the options of this question.",
        "row 3, column A (U1): Enter a whole number.",
        "row 3, column B (U2): Enter a number.",
    ]


def test_import_takes_empty_cells_and_missing_columns_as_not_answered(skm):
    content = csv_bytes("U1,U2,U3,U4,U5,U6,U7,U8", "4,3,,3,3,3,3,3", "2,,,3,3,3,3,3")

    assert import_responses(skm, content, file_name="kertas.csv").imported == 2
    result = compute_skm(skm)
    by_code = {unsur.code: unsur for unsur in result.unsur}
    assert result.respondents == 2
    assert (by_code["U1"].total, by_code["U1"].answered, by_code["U1"].nrr) == (6, 2, Fraction(3))
    assert (by_code["U2"].answered, by_code["U2"].nrr) == (1, Fraction(3))
    assert by_code["U3"].answered == 0 and by_code["U3"].nrr is None
    assert by_code["U9"].answered == 0


def test_import_header_problems(skm):
    assert refused(skm, csv_bytes("U1,U1,X9,,U2", "1,2,3,4,1")) == [
        "row 1, column B (U1): Item U1 is also in column A.",
        "row 1, column C (X9): This survey has no item with code X9.",
        "row 1, column D: This column has answers but no item code in row 1.",
    ]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "a.csv", "The file is empty."),
        (csv_bytes(HEADER), "a.csv", "The file has a header but no rows of answers."),
        (b"\xff\xfeU\x001", "a.csv", "not UTF-8"),
        (b"PK\x03\x04 broken", "a.xlsx", "damaged"),
        (b"U1\n1\n", "a.pdf", "Upload a CSV or XLSX file"),
        (b"not a zip", "a.xlsx", "damaged"),
    ],
)
def test_import_refuses_bad_files(skm, content, name, message):
    errors = refused(skm, content, name)
    assert len(errors) == 1 and message in errors[0]


def test_import_refuses_the_same_file_twice(skm):
    content = csv_bytes("U1,U2,U3,U4,U5,U6,U7,U8,U9", "4,4,4,4,4,4,4,4,4")
    import_responses(skm, content, file_name="a.csv")
    with pytest.raises(ImportRefused) as error:
        import_responses(skm, content, file_name="lagi.csv")
    assert "already imported" in str(error.value)
    assert Response.objects.count() == 1


def test_import_refuses_too_many_rows(skm, monkeypatch):
    monkeypatch.setattr("prima.surveys.imports.MAX_ROWS", 2)
    errors = refused(skm, csv_bytes("U1,U2,U3,U4,U5,U6,U7,U8,U9", *["4,4,4,4,4,4,4,4,4"] * 3))
    assert "more than 2 rows" in errors[0]
    assert MAX_ROWS == 50_000


def test_import_multiple_choice_by_values_and_labels(cast):
    from prima.surveys.tests.factories import make_survey

    ipa = make_survey("ipa", organisation=cast.organisation)
    content = csv_bytes("MASALAH,I1,K1", '"1; Petugas kurang ramah",5,3')
    import_responses(ipa, content, file_name="ipa.csv")
    assert sorted(Answer.objects.filter(item__code="MASALAH").values_list("value", flat=True)) == [1, 5]


def test_column_letters():
    assert [column_letter(n) for n in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]
