"""Paths to the fixtures shared by the tests."""

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))
GOLD = sorted((FIXTURES / "gold").glob("*.json"))


def seed(prefix: str) -> Path:
    """The seed whose file name starts with prefix ("000", "004"...)."""
    return next(p for p in SEEDS if p.name.startswith(prefix))
