"""The worked join example of docs/event-data.md runs as written, and finds the matches worked out by hand."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from diplograph.cli import cli

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "data" / "event-data"


def example_blocks() -> list[str]:
    page = (ROOT / "docs" / "event-data.md").read_text(encoding="utf-8")
    section = page.split("## Joining with other data", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def test_the_docs_join_example_runs_and_matches_by_hand(corpus_build, tmp_path, monkeypatch, capsys):
    # the example's paths are the repository's: lay the fixtures out the same way under a scratch folder
    shutil.copytree(FIXTURES, tmp_path / "tests" / "data" / "event-data")
    monkeypatch.chdir(tmp_path)
    for table in ("dyad-years", "events"):
        result = CliRunner().invoke(cli, ["export", "--build-dir", str(corpus_build.build), "--format", table,
                                          "-o", f"{table}.csv"])
        assert result.exit_code == 0, result.output
    blocks = example_blocks()
    assert len(blocks) == 2
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "docs/event-data.md", "exec"), namespace)  # noqa: S102 - the docs' own example

    joined = namespace["joined"]
    row = joined[(joined.ccode1 == 811) & (joined.ccode2 == 740) & (joined.year == 2013)].iloc[0]
    assert (row.pledge, row.score, row.cooperation) == (1, 2.5, 5)
    # 811-740 in 2012 is in the COW-keyed table but the graph says nothing then: no panel row, so not joined
    assert joined[(joined.ccode1 == 811) & (joined.ccode2 == 740) & (joined.year == 2012)].empty
    assert joined[(joined.ccode1 == 811) & (joined.ccode2 == 740) & (joined.year == 2014)].pledge.isna().all()

    # By hand, from the facts files: GDELT row 1 (2023-01-15, KHM to JPN, root 04) is Prak Sokhonn's visit
    # (bong-2023, 2023-01); 2 (root 06) the cooperation of that visit (bong-2023, 2023-01); 3 and 4 (2013, 05,
    # both ways) the 2013 strategic partnership in chheang-2019 and ward-2017, symmetric; 5 (2017-08, 04) Hun Sen's
    # visit (ward-2017); 6 (2019, KHM to CHN, 19: force) nothing; 7 (2010, KHM to CHN, 05) the 2010 partnership in
    # chheang-2019 and samath-2020.
    matched = namespace["matched"]
    assert Counter(matched.GLOBALEVENTID) == Counter({"1": 1, "2": 1, "3": 2, "4": 2, "5": 1, "7": 2})
    assert set(matched[matched.GLOBALEVENTID == "7"].source) == {"chheang-2019", "samath-2020"}
    assert (matched.event_id.str.startswith("https://w3id.org/diplograph/statement/")).all()
    assert "strategicPartner" in capsys.readouterr().out
