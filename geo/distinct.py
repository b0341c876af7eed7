"""Work done once per distinct value, or combination of values, of a table's columns.

An export repeats its dates, precisions, countries and names over thousands of rows: a
Python function called once per row took much of a 45 MB upload's parse; called once per
distinct combination, it is a few thousand calls.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd


def each_distinct(how: Callable[..., Any], *columns: pd.Series) -> pd.Series:
    """``how(*values)`` of each row's values of ``columns`` (row by row by position, of one
    length), called once per distinct combination; an object column on the first column's
    index. A missing value is passed as its column's missing value (NaN in an object
    column, ``pd.NA`` in a ``string`` one)."""
    coded = [pd.factorize(column, use_na_sentinel=False) for column in columns]
    combined = np.zeros(len(columns[0]), dtype=np.int64)
    for codes, uniques in coded:
        # Factorized again at each step: the codes stay below the row count (no overflow).
        combined, _ = pd.factorize(combined * max(len(uniques), 1) + codes)
    first = np.unique(combined, return_index=True)[1]  # a row of each combination, in order
    picked = [(uniques, codes[first]) for codes, uniques in coded]
    done = np.empty(len(first), dtype=object)
    for group in range(len(first)):  # one by one: a tuple is one value, not a row
        done[group] = how(*(uniques[at[group]] for uniques, at in picked))
    return pd.Series(done[combined], index=columns[0].index, dtype=object)
