from dataclasses import dataclass

import pytest

from prima.customers.models import ConsentChannel, ConsentPurpose, Customer
from prima.customers.services import record_consent
from prima.retention.detection import scan_lost_customers
from prima.retention.tests.factories import recent_customer


@dataclass
class Scene:
    regular: Customer  # unit A, comes monthly: active
    lost_a: Customer  # unit A, stopped 110 days ago: lost (agreed to be contacted)
    at_risk_a: Customer  # unit A, quiet for 40 days: at risk
    lost_b: Customer  # unit B, one visit long ago: lost


@pytest.fixture
def scene(cast) -> Scene:  # type: ignore[no-untyped-def]
    """Customers with a timeline relative to today, scanned once."""
    scene = Scene(
        regular=recent_customer(cast.unit_a, (90, 60, 30, 2), name="Rutin Sekali"),
        lost_a=recent_customer(cast.unit_a, (200, 170, 140, 110), name="Budi Hilang"),
        at_risk_a=recent_customer(cast.unit_a, (130, 100, 70, 40), name="Citra Ragu"),
        lost_b=recent_customer(cast.unit_b, (400,), name="Dodi Bangunan"),
    )
    record_consent(scene.lost_a, purpose=ConsentPurpose.FOLLOW_UP, channel=ConsentChannel.COUNTER, actor=None)
    scan_lost_customers()
    return scene
