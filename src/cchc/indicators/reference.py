"""A straightforward pandas implementation of the indicator counts, dossier by dossier and
period by period, with no monthly aggregates. Tests and the benchmark check the DuckDB engine
against it; it is not used in production (pandas is in the `bench` extra)."""

from __future__ import annotations

import datetime as dt
from typing import Iterable

import numpy as np
import pandas as pd

from cchc.indicators.calendar import WorkCalendar
from cchc.indicators.catalog import COUNTS
from cchc.indicators.periods import Kind, Reporting, periods_between
from cchc.indicators.schema import EXCLUDED_STATUSES, ONLINE_CHANNEL

KEYS = {"org": ["org_code"], "field": ["field_code", "field_name"],
        "procedure": ["procedure_code", "procedure_name"]}


def reference_indicators(dossiers: pd.DataFrame, kind: Kind = "month",
                         by: Iterable[str] = ("org",), reporting: Reporting = Reporting(),
                         as_of: dt.datetime | None = None,
                         parents: dict[str, str] | None = None) -> pd.DataFrame:
    """COUNTS per period and group, for dossiers received in the period, judged at its end."""
    df = dossiers[~dossiers["status"].isin(EXCLUDED_STATUSES)].copy()
    for column in ("received_at", "due_at", "finished_at"):
        df[column] = df[column].astype("datetime64[ns]")
    as_of = pd.Timestamp(as_of or max(df["received_at"].max(), df["finished_at"].max()))
    df = df[df["received_at"] <= as_of]
    df.loc[df["finished_at"] > as_of, "finished_at"] = pd.NaT
    calendar = WorkCalendar.covering(df["received_at"].min().date(),
                                     max(df["due_at"].max(), as_of).date())
    df = _with_dossier_facts(df, calendar)
    keys = [key for dim in by for key in KEYS[dim]]
    if parents and "org" in by:
        df = _with_subtree(df, parents)
    first, last = df["received_day"].min().date(), df["received_day"].max().date()
    frames = []
    for period in periods_between(kind, first, last, reporting):
        start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
        cohort = df[(df["received_day"] >= start) & (df["received_day"] <= end)]
        if cohort.empty:
            continue
        frames.append(_counts(cohort, end, min(end, as_of.normalize()), keys)
                      .assign(period=period.id, period_label=period.label))
    result = pd.concat(frames, ignore_index=True)
    return result[["period", "period_label", *keys, *COUNTS]]


def _with_dossier_facts(df: pd.DataFrame, calendar: WorkCalendar) -> pd.DataFrame:
    df["received_day"] = df["received_at"].dt.normalize()
    df["finished_day"] = df["finished_at"].dt.normalize()
    due_day = df["due_at"].dt.normalize()
    # supplementation time added back: the due date moves by supplement_days working days
    first = np.datetime64(calendar.first_day, "D")
    index = (due_day.values.astype("datetime64[D]") - first).astype(np.int64)
    shifted_index = calendar.work_index[index] + df["supplement_days"].to_numpy() - 1
    working_days = calendar.days[calendar.working]
    shifted = working_days[np.clip(shifted_index, 0, working_days.size - 1)]
    df["due_eff"] = np.where(df["supplement_days"] > 0, shifted.astype("datetime64[ns]"),
                             due_day.values)
    finished = df["finished_at"].notna()
    worked = np.zeros(len(df), dtype=np.int64)
    worked[finished.to_numpy()] = (
        calendar.working_seconds(df.loc[finished, "finished_at"].values)
        - calendar.working_seconds(df.loc[finished, "received_at"].values)
        - df.loc[finished, "supplement_days"].to_numpy() * calendar.hours.seconds_per_day)
    df["worked"] = np.maximum(worked, 0)
    df["late_finish"] = finished & ((df["supplement_requests"] > 1)
                                    | (df["finished_day"] > df["due_eff"]))
    df["early_finish"] = finished & ~df["late_finish"] & (df["finished_day"] < df["due_eff"])
    return df


def _with_subtree(df: pd.DataFrame, parents: dict[str, str]) -> pd.DataFrame:
    pairs = []
    for org in df["org_code"].unique():
        unit = org
        while unit is not None:
            pairs.append((org, unit))
            unit = parents.get(unit)
    units = pd.DataFrame(pairs, columns=["org_code", "unit"])
    return df.merge(units, on="org_code").drop(columns="org_code") \
        .rename(columns={"unit": "org_code"})


def _counts(cohort: pd.DataFrame, end: pd.Timestamp, judged_on: pd.Timestamp,
            keys: list[str]) -> pd.DataFrame:
    c = cohort
    done = c["finished_day"] <= end
    overdue = ~done & ((c["supplement_requests"] > 1) | (c["due_eff"] < judged_on))
    late = (done & c["late_finish"]) | overdue
    rows = pd.DataFrame({
        "received": 1,
        "received_online": c["channel"] == ONLINE_CHANNEL,
        "received_direct_post": c["channel"] != ONLINE_CHANNEL,
        "resolved_early": done & c["early_finish"],
        "resolved_on_time": done & ~c["early_finish"] & ~c["late_finish"],
        "resolved_late": done & c["late_finish"],
        "pending_within": ~done & ~overdue,
        "pending_overdue": overdue,
        "with_fee": (c["fee"] > 0) & c["paid_online"].notna(),
        "paid_online": (c["fee"] > 0) & c["paid_online"].eq(True),
        "digitized_components": c["digitized_components"].where(
            c["total_components"].notna(), 0).fillna(0),
        "total_components": c["total_components"].where(
            c["digitized_components"].notna(), 0).fillna(0),
        "reused": c["reused"].eq(True),
        "reuse_recorded": c["reused"].notna(),
        "e_results": done & c["e_result"].eq(True),
        "e_result_recorded": done & c["e_result"].notna(),
        "rated": done & c["rating"].notna(),
        "satisfied": done & (c["rating"] >= 4),
        "apologized": late & c["apology_issued"].eq(True),
        "apology_recorded": late & c["apology_issued"].notna(),
        "processing_seconds": np.where(done, c["worked"], 0),
    })
    for key in keys:
        rows[key] = c[key].to_numpy()
    return rows.groupby(keys, dropna=False, sort=True).sum().astype(np.int64).reset_index()
