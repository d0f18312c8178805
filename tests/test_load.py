"""bench/load.py, the many-users load script, run for a few seconds: two sessions against a server it
starts on the demo store, each loading a page and acting three times (pages, periods, scopes,
filters) over Streamlit's own websocket protocol. It counts every run, finds no error, and every
change showed on the page what was asked (the page's url, the sidebar's widgets, the URL the app writes).
Not timed: the script's timings are printed, never asserted."""

import json
import subprocess
import sys

from conftest import ROOT, _free_port


def test_two_sessions_act_and_every_change_shows(demo_path, tmp_path):
    out = tmp_path / "load.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "load.py"), "--serve", "single", "--db", str(demo_path),
         "--port", str(_free_port()), "--sessions", "2", "--actions", "3", "--pause", "0,0.3",
         "--minutes", "5", "--seed", "3", "--json", str(out)],
        capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(out.read_text())
    assert result["errors"] == []
    assert result["first_load"]["n"] == 2 and result["actions"] == 6
    assert result["reruns"] == 2 + 6  # every run asked for was followed to its end
    assert result["verified"] == result["actions"]  # each showed what was asked: page, period, scope, filter
    assert len(result["by_action"]) >= 3
    assert "errors: 0" in done.stdout and "RSS streamlit" in done.stdout
