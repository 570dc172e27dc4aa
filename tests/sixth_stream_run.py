"""Run in a fresh process with GCM_EXTRA_STREAMS set: generate the demo, build it, render every page (AppTest)."""

import sys
from pathlib import Path

import duckdb
from streamlit.testing.v1 import AppTest

from etl import build, demo, schema

ROOT = Path(__file__).resolve().parent.parent


def main(scratch: str) -> None:
    scratch = Path(scratch)
    assert schema.STREAMS[-1] == "peer_exchanges", schema.STREAMS
    demo.generate(scratch / "raw")
    db = scratch / "demo.duckdb"
    assert build.main(["--raw", str(scratch / "raw"), "--dataset", "demo", "--db", str(db)]) == 0
    con = duckdb.connect(str(db), read_only=True)
    records = con.execute("SELECT COUNT(*) FROM activities WHERE stream = 'peer_exchanges'").fetchone()[0]
    cells = con.execute("SELECT COUNT(*) FROM progress_cells WHERE stream = 'peer_exchanges' AND n_to > 0").fetchone()[
        0
    ]
    con.close()
    assert records == 40 and cells > 0, (records, cells)
    pages = sorted(p.relative_to(ROOT / "dashboard").as_posix() for p in (ROOT / "dashboard/app_pages").glob("*.py"))
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60)
    at.run()
    for page in pages:
        at.switch_page(page)
        at.run()
        assert not at.exception, (page, [e.value for e in at.exception])
    print("ok", records, cells, len(pages))


if __name__ == "__main__":
    main(sys.argv[1])
