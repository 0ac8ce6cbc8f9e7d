"""The checks a table's claims get from one claim per kind: names against the relations.

The columns check each distinct subject as a name, against the names of the sums over
measures, and with the measures against the names of the relations (a misspelt name
would split the claims silently), after making the one claim set of the kinds, whose
claims are about one subject only (the first by name). A table that fails one of
these is read by the row reader, whose error it gets.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

import claimkit as ck
from claimkit.tables import check_table, from_frame, table_claims

_TABLE = {"id": ["a", "b"], "measure": "killed", "period": "2024-11", "lo": [1, 2], "hi": [3, 4]}


@pytest.mark.parametrize(
    ("subjects", "relations", "expected"),
    [
        (["russia", "wounded"], [ck.Sum("killed", ["dead", "wounded"])], "declare it as a measure"),
        (
            ["russia", "ukraine"],
            [ck.Sum("both", ["russia", "ukraina"], over="subject")],
            "did you mean 'ukraine'",
        ),
        (["russia", "ukraine!"], [], "is not a valid name"),
    ],
)
def test_a_subject_the_relations_refuse_gets_the_error_of_the_row_reader(
    subjects: list[str], relations: list[ck.Sum], expected: str
) -> None:
    table = pd.DataFrame({**_TABLE, "subject": subjects})
    with pytest.raises(ck.ClaimsFileError) as found:
        from_frame(table, relations=relations)
    assert expected in str(found.value)
    with pytest.raises(ck.ClaimsFileError, match=re.escape(str(found.value))):
        check_table(table, relations=relations)


def test_a_subject_summed_by_the_relations_is_read_from_the_columns() -> None:
    relations = [ck.Sum("both", ["russia", "ukraine"], over="subject")]
    table = pd.DataFrame({**_TABLE, "subject": ["russia", "ukraine"]})
    read = table_claims(table, relations=relations)
    assert not isinstance(read, ck.ClaimSet)
    assert read.columns.subject_hierarchy.names == {"both", "russia", "ukraine"}
    assert read.claimset() == from_frame(table, relations=relations).canonical
