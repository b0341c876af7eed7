"""geo.distinct: a function of several columns, called once per distinct combination."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from geo.distinct import each_distinct


def test_each_combination_is_computed_once_and_spread_over_its_rows() -> None:
    calls: list[tuple[object, ...]] = []

    def how(*values: object) -> str:
        calls.append(values)
        return "/".join(map(str, values))

    a = pd.Series(["x", "y", "x", "x", None], index=[10, 11, 12, 13, 14])
    b = pd.Series(["1", "1", "1", "2", "1"], index=a.index, dtype="string[pyarrow]")
    done = each_distinct(how, a, b)
    assert list(done.index) == [10, 11, 12, 13, 14]
    assert list(done) == ["x/1", "y/1", "x/1", "x/2", "nan/1"]
    assert len(calls) == 4 and math.isnan(calls[-1][0])  # a missing value comes as NaN


@given(st.lists(st.tuples(st.sampled_from("abc"), st.integers(0, 3), st.sampled_from("pq")),
                max_size=40))
def test_it_equals_the_function_row_by_row(rows) -> None:
    columns = [pd.Series([r[i] for r in rows], dtype=object) for i in range(3)]
    assert list(each_distinct(lambda *v: v, *columns)) == rows  # none, too
