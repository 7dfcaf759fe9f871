"""Places down to about 500 people (geo/settlements.geojson), found by name in any spelling."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

from frontline.config import DISPLAY_CRS, GEO_DIR

SETTLEMENTS_GEOJSON = GEO_DIR / "settlements.geojson"
COLUMNS = ["id", "name", "oblast", "population", "aliases"]

# Names users type that neither a spelling rule nor GeoNames' alternate names reach (and the
# variants that tell apart a place GeoNames lists twice). Keys are written as users type
# them; values are the names in geo/settlements.geojson.
ALIASES: dict[str, str] = {
    "Artemovsk": "Bakhmut",
    "Avdeyevka": "Avdiivka",
    "Chasov Yar": "Chasiv Yar",
    "Dimitrov": "Myrnohrad",
    "Dymytrov": "Myrnohrad",
    "Dzerzhinsk": "Toretsk",
    "Dzerzhynsk": "Toretsk",
    "Gorlovka": "Horlivka",
    "Konstantinovka": "Kostiantynivka",
    "Krasnoarmeysk": "Pokrovsk",
    "Krasnoarmiisk": "Pokrovsk",
    "Krasny Liman": "Lyman",
    "Kurakhovo": "Kurakhove",
    "Lisichansk": "Lysychansk",
    "Maryinka": "Mar'yinka",
    "Marinka": "Mar'yinka",
    "Mirnograd": "Myrnohrad",
    "Novaya Novoselka": "Velyka Novosilka",
    "Selidovo": "Selydove",
    "Seversk": "Siversk",
    "Slavyansk": "Sloviansk",
    "Velikaya Novoselka": "Velyka Novosilka",
    "Yenakiyevo": "Yenakiieve",
}

_APOSTROPHES = re.compile(r"['’ʼ`´ʹ]")
_SEPARATORS = re.compile(r"[\s\-‐–—_.,]+")
# Applied in order, after accents and apostrophes are gone. Each rule folds a pair of
# spellings that transliterations of the same Cyrillic letters produce.
_FOLDS = (
    ("shch", "sch"),
    ("kh", "h"),
    ("w", "v"),
    ("y", "i"),
    ("ie", "e"),
    ("g", "h"),
    ("ts", "c"),
    ("tz", "c"),
    ("j", "i"),
)


def normalise_name(name: str) -> str:
    """A town name folded so that its common spellings compare equal.

    Case, accents, apostrophes and hyphens go; ie/e, y/i, w/v, kh/h, g/h and ts/tz/c fold
    together; doubled letters collapse. `Sievierodonetsk` and `Severodonetsk` give the same
    key, as do `Pokrovsk` and `Pokrowsk`.
    """
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _APOSTROPHES.sub("", text)
    text = _SEPARATORS.sub(" ", text).strip()
    for old, new in _FOLDS:
        text = text.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", text)


@lru_cache(maxsize=2)
def load_gazetteer(path: Path = SETTLEMENTS_GEOJSON) -> gpd.GeoDataFrame:
    """The towns of geo/settlements.geojson, largest first, points in EPSG:4326.

    Columns: `id`, `name`, `oblast`, `population` (0 where GeoNames has none), `aliases`
    (GeoNames' alternate names in Latin and Cyrillic letters, `;`-separated), geometry.
    Cached; callers must not modify the frame.
    """
    towns = gpd.read_file(path)
    if towns.crs is None or not towns.crs.equals(DISPLAY_CRS):
        raise ValueError(f"{path}: expected {DISPLAY_CRS}, got {towns.crs}")
    towns["aliases"] = towns["aliases"].fillna("")
    towns = towns.sort_values(["population", "name"], ascending=[False, True], kind="stable")
    return towns[[*COLUMNS, "geometry"]].reset_index(drop=True)


def _keys(towns: pd.DataFrame) -> pd.DataFrame:
    """Every name a town answers to, normalised: its own, its aliases and ALIASES' keys."""
    rows = []
    by_name: dict[str, list[str]] = {}
    for alias, name in ALIASES.items():
        by_name.setdefault(name, []).append(alias)
    for town in towns.itertuples():
        names = [town.name, *filter(None, town.aliases.split(";")), *by_name.get(town.name, [])]
        rows += [{"id": town.id, "key": normalise_name(n), "own": n == town.name} for n in names]
    return pd.DataFrame(rows, columns=["id", "key", "own"])


def find_towns(towns: pd.DataFrame, query: str, limit: int = 10) -> pd.DataFrame:
    """The towns whose name (in any spelling) matches `query`, best first.

    A whole-name match comes before a name that starts with the query, which comes before
    one that only contains it; within each, the larger town first.
    """
    wanted = normalise_name(query)
    if not wanted:
        return towns.iloc[0:0]
    keys = _keys(towns)
    rank = pd.Series(3, index=keys.index)
    rank[keys["key"].str.contains(wanted, regex=False)] = 2
    rank[keys["key"].str.startswith(wanted)] = 1
    rank[keys["key"] == wanted] = 0
    best = rank[rank < 3].groupby(keys["id"]).min()
    found = towns.set_index("id").loc[best.index].assign(rank=best.to_numpy()).reset_index()
    found = found.sort_values(["rank", "population"], ascending=[True, False], kind="stable")
    return found.drop(columns="rank").head(limit).reset_index(drop=True)
