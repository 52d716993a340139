import pytest
from django.test import Client


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["q=%00", "q=abc%00def", "cursor=%00"])
def test_reject_null_bytes_middleware_answers_400_in_indonesian(query: str) -> None:
    response = Client().get(f"/accounts/login/?{query}")

    assert response.status_code == 400
    assert "karakter yang tidak diizinkan" in response.content.decode()


@pytest.mark.django_db
def test_reject_null_bytes_middleware_lets_clean_queries_through() -> None:
    response = Client().get("/accounts/login/?next=/customers/%3Fq%3Dbudi")

    assert response.status_code == 200
