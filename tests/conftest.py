from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed page built once per test session with the default configuration."""
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("seed-build")
    build([SEEDS], out, progress=False)
    return out
