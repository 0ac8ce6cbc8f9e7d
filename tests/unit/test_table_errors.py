"""A bad table's error is the user's own, not the columnar reader's internal signal."""

from __future__ import annotations

import pytest

import claimkit as ck
from claimkit.errors import ClaimsFileError

pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")


def test_a_table_read_row_by_row_raises_its_rows_errors_without_the_columnar_signal() -> None:
    # A measure that is not a valid name sends the table row by row; the error the
    # user sees names the row and carries no traceback of the columnar reader.
    table = pd.DataFrame({"id": ["a"], "measure": "acres burned", "subject": "x",
                          "period": "2025-06", "value": ["1,200"], "unit": "acre"})  # fmt: skip
    with pytest.raises(ClaimsFileError, match="row 0, column 'measure'") as caught:
        ck.check(table)
    chain = []
    error: BaseException | None = caught.value
    while error is not None:
        chain.append(type(error).__name__)
        error = error.__context__
    assert "_NotColumnar" not in chain
