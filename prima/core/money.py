"""Rupiah amounts: integers or Decimals, never floats, shown the Indonesian way (Rp1.250.000)."""

from decimal import Decimal


def format_rupiah(amount: int | Decimal | None) -> str:
    if amount is None:
        return ""
    value = Decimal(amount).quantize(Decimal("1"))
    sign = "-" if value < 0 else ""
    grouped = f"{abs(int(value)):,}".replace(",", ".")
    return f"{sign}Rp{grouped}"
