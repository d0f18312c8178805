"""Importing the office's Excel ledgers into the store (issue 12).

    checked = check_files(["项目台账.xlsx"], con)      # read + validate every row, all problems at once
    plan = preview(checked, store_path)                # new / changed / unchanged (/ deleted) per table
    result = apply(checked, store_path)                # one transaction on a copy, checks, atomic swap

`python -m zsgt.importer FILE... [--dry-run]` does the same from the command line.
"""

from __future__ import annotations

from pathlib import Path

from .kinds import KINDS, TEMPLATE_VERSION
from .read import FileProblem, read_file
from .validate import Checked, Problem, check


def check_files(files, con, kind: str | None = None) -> Checked:
    """Read and check files: `files` are paths, or (path, name) pairs for uploads saved under
    another name. A file that cannot be read at all becomes one problem; the others are still read."""
    raws, unreadable = [], []
    for item in files:
        path, name = (item if isinstance(item, tuple) else (item, Path(item).name))
        try:
            raws.extend(read_file(path, name))
        except FileProblem as exc:
            unreadable.append(Problem(name, "", None, "", "", str(exc)))
    checked = check(raws, con, kind) if raws else Checked([], [])
    checked.problems[:0] = unreadable
    return checked
