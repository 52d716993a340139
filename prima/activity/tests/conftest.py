import pytest

from prima.customers.models import Customer
from prima.customers.services import ContactInput, create_customer


@pytest.fixture
def customer_a(cast) -> Customer:
    return create_customer(
        cast.organisation,
        name="Budi Santoso",
        units=[cast.unit_a],
        contacts=[ContactInput(kind="whatsapp", value="0812-3456-7890", is_primary=True)],
        actor=cast.agent_a,
    )


@pytest.fixture
def customer_b(cast) -> Customer:
    return create_customer(cast.organisation, name="CV Maju Jaya", units=[cast.unit_b], actor=cast.agent_b)
