"""The two baselines every other scenario is compared with, measured in the same run on the same server."""

from bench.loadgen import Session
from bench.scenarios import scenario


@scenario("bare")
async def bare(session: Session) -> None:
    """GET a tiny response through the full middleware stack: no database, no template."""
    await session.get("/_bench/bare/")


@scenario("insert")
async def insert(session: Session) -> None:
    """POST a form whose view does one ORM INSERT (BenchRow) and returns the new id."""
    await session.post("/_bench/insert/", {"payload": "bench"})
