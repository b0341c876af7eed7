"""Casualty claims arithmetic.

Claims by different parties about the same people contradict each other; they are never
added up. For each incident, group and nationality the claims give a low, best and high
figure (UCDP style): low and high are the smallest and largest claimed figure, best is the
figure most claimants give (the lower one on a tie); a claimant's own ``low``/``high``
estimates widen the range but do not vote for the best. Only different groups of people are
added together. A claim about group ``all`` is a total over every group: it widens the
incident's range, and gives its best only where no group is claimed separately.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from geo.filtering import among

MEASURES = ("killed", "injured")
READINGS = ("low", "best", "high")
_PEOPLE = ["incident_id", "group", "nationality"]
#: The reading columns: killed_low, killed_best, …, injured_high.
READING_COLUMNS = [f"{m}_{r}" for m in MEASURES for r in READINGS]


def _best(claims: pd.DataFrame, measure: str) -> pd.Series:
    stated = claims.dropna(subset=[measure])
    if "estimate" in stated:
        ends = stated["estimate"].isin(["low", "high"])
        # A range's ends vote only where a group has nothing else.
        only_ends = ends.groupby([stated[c] for c in _PEOPLE], observed=True).transform("all")
        stated = stated[~ends | only_ends]
    counts = stated.groupby([*_PEOPLE, measure], observed=True).size().reset_index(name="n")
    counts = counts.sort_values([*_PEOPLE, "n", measure], ascending=[True] * 3 + [False, True])
    return counts.drop_duplicates(_PEOPLE).set_index(_PEOPLE)[measure]


def _claimants(claims: pd.DataFrame, by: list[str]) -> pd.Series:
    """'Afghanistan, Tajikistan': who makes the claims of each group of rows, sorted."""
    who = claims[[*by, "claimed_by"]].astype({"claimed_by": str}).drop_duplicates()
    who = who.sort_values("claimed_by")
    # Most groups have one claimant: only the others need a (slow, per-group) join.
    several = who.duplicated(by, keep=False)
    one = who[~several].set_index(by)["claimed_by"]
    if not several.any():
        return one.sort_index()
    joined = who[several].groupby(by, observed=True)["claimed_by"].agg(", ".join)
    return pd.concat([one, joined]).sort_index()


def claimants_per_incident(claims: pd.DataFrame,
                           label: Callable[[str], str] | None = None) -> pd.Series:
    """Who makes the claims of each incident, e.g. 'afghan_media, tajik_authorities';
    ``label``: how each claimant is written (the page's 'Afghan media'), in that order."""
    # The same as _claimants(claims, ["incident_id"]), joined in a plain dict: pandas joins
    # each group's strings in a Python call of its own (2 s for 100,000 incidents).
    who = claims[["incident_id", "claimed_by"]].astype(
        {"incident_id": str, "claimed_by": str}).drop_duplicates().sort_values("claimed_by")
    joined: dict[str, list[str]] = {}
    for incident, claimant in zip(who["incident_id"].tolist(), who["claimed_by"].tolist(),
                                  strict=True):
        joined.setdefault(incident, []).append(label(claimant) if label else claimant)
    index = pd.Index(sorted(joined), name="incident_id")
    return pd.Series([", ".join(joined[i]) for i in index], index=index, name="claimed_by",
                     dtype=object)


def group_readings(claims: pd.DataFrame) -> pd.DataFrame:
    """Low/best/high killed and injured for each incident, group and nationality."""
    if claims.empty:
        return pd.DataFrame(columns=[*_PEOPLE, *READING_COLUMNS, "claimants"])
    keyed = claims.assign(nationality=claims["nationality"].fillna(""))
    grouped = keyed.groupby(_PEOPLE, observed=True)
    out = pd.DataFrame(index=grouped.size().index)
    for m in MEASURES:
        out[f"{m}_low"] = grouped[m].min()
        out[f"{m}_best"] = _best(keyed, m)
        out[f"{m}_high"] = grouped[m].max()
    out["claimants"] = _claimants(keyed, _PEOPLE)
    for c in READING_COLUMNS:
        out[c] = out[c].astype("Int64")
    return out.reset_index()


def _given(claims: pd.DataFrame | None, groups: pd.DataFrame | None) -> pd.DataFrame:
    """``groups`` if given, else the :func:`group_readings` of ``claims``."""
    if groups is not None:
        return groups
    if claims is None:
        raise TypeError("claims or their group readings are needed")
    return group_readings(claims)


def incident_readings(claims: pd.DataFrame | None = None, *,
                      groups: pd.DataFrame | None = None) -> pd.DataFrame:
    """Low/best/high killed and injured per incident (groups added, claims never).

    ``groups``: the :func:`group_readings` of the claims, when already computed.
    """
    groups = _given(claims, groups)
    if groups.empty:
        return pd.DataFrame(columns=READING_COLUMNS, index=pd.Index([], name="incident_id"))
    is_total = groups["group"].astype(str) == "all"
    per = groups[~is_total].groupby("incident_id")[READING_COLUMNS].sum(min_count=1)
    totals_ = groups[is_total].groupby("incident_id")[READING_COLUMNS].sum(min_count=1)
    per = per.reindex(per.index.union(totals_.index))
    for m in MEASURES:
        low, best, high = (f"{m}_{r}" for r in READINGS)
        t = totals_.reindex(per.index)
        per[best] = per[best].fillna(t[best])
        per[low] = pd.concat([per[low], t[low]], axis=1).min(axis=1, skipna=True)
        per[high] = pd.concat([per[high], t[high]], axis=1).max(axis=1, skipna=True)
    per.index.name = "incident_id"
    return per[READING_COLUMNS].astype("Int64")


def totals(claims: pd.DataFrame | None, incident_ids: pd.Series | list[str], *,
           groups: pd.DataFrame | None = None, per: pd.DataFrame | None = None
           ) -> dict[str, int]:
    """Low/best/high killed and injured over a set of incidents, e.g. ``killed_best``.

    ``per``: the :func:`incident_readings` of a set of incidents holding these, when already
    computed (a page computes them once per loaded table, not on every filter change).
    """
    if per is not None:
        per = per[among(per.index.to_series(), incident_ids)]
    else:
        if groups is None and claims is not None:  # only the claims of these incidents
            claims = claims[among(claims["incident_id"], incident_ids)]
        groups = _given(claims, groups)
        per = incident_readings(groups=groups[among(groups["incident_id"], incident_ids)])
    return {c: int(per[c].sum()) if c in per else 0 for c in READING_COLUMNS}


def by_group(claims: pd.DataFrame | None = None, *,
             groups: pd.DataFrame | None = None) -> pd.DataFrame:
    """Low/best/high killed and injured per casualty group over a set of incidents."""
    groups = _given(claims, groups)
    if groups.empty:
        return pd.DataFrame(columns=READING_COLUMNS, index=pd.Index([], name="group"))
    return groups.groupby("group", observed=True)[READING_COLUMNS].sum(min_count=1).astype("Int64")


def by_claimant(claims: pd.DataFrame) -> pd.DataFrame:
    """What each claimant says in total: killed, injured and how many incidents it covers.

    One claimant's figures are added over its own claims only, so nothing contradictory is
    summed.
    """
    if claims.empty:
        return pd.DataFrame(columns=["killed", "injured", "incidents"],
                            index=pd.Index([], name="claimed_by"))
    grouped = claims.groupby("claimed_by", observed=True)
    return pd.DataFrame({
        "killed": grouped["killed"].sum(min_count=1),
        "injured": grouped["injured"].sum(min_count=1),
        "incidents": grouped["incident_id"].nunique(),
    }).astype({"killed": "Int64", "injured": "Int64"})


def readings_text(per: pd.DataFrame, measure: str, missing: str = "—") -> pd.Series:
    """'21' or '21 (19–25)' for every row of low/best/high columns (e.g. ``killed_low``):
    the best reading, with the range where claims differ; ``missing`` where none."""
    # Plain Python over the values: pandas' string operations cost milliseconds even on
    # the headline's one row, on every rerun.
    low, best, high = (per[f"{measure}_{r}"].astype(object).tolist() for r in READINGS)
    return pd.Series([missing if pd.isna(b) else f"{b}" if pd.isna(lo) or pd.isna(hi) or lo == hi
                      else f"{b} ({lo}–{hi})" for lo, b, hi in zip(low, best, high, strict=True)],
                     index=per.index, dtype=object)
