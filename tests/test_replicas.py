"""The many-users setup's parts that need no server (deploy/replicas.py): the shared cookie secret and
the nginx config. tests/test_browser_replicas.py runs the whole thing."""

import os
import stat
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "deploy"))

import replicas  # noqa: E402


def test_the_cookie_secret_is_made_once_readable_by_its_owner_only_and_then_reused(tmp_path):
    path = tmp_path / "state" / "zsgt" / "cookie_secret"
    first = replicas.cookie_secret(path)
    assert len(first) == 64 and int(first, 16) >= 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert replicas.cookie_secret(path) == first
    assert [p.name for p in path.parent.iterdir()] == ["cookie_secret"]  # no temp file left


def test_the_cookie_secret_file_lives_outside_the_repository_by_default(monkeypatch, tmp_path):
    monkeypatch.delenv("ZSGT_COOKIE_SECRET_FILE", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert replicas.secret_path() == tmp_path / "zsgt" / "cookie_secret"
    monkeypatch.delenv("XDG_STATE_HOME")
    assert ROOT not in replicas.secret_path().parents
    monkeypatch.setenv("ZSGT_COOKIE_SECRET_FILE", str(tmp_path / "s"))
    assert replicas.secret_path() == tmp_path / "s"


def test_every_replica_gets_the_same_store_and_cookie_secret(tmp_path):
    secret = replicas.cookie_secret(tmp_path / "secret")
    env = replicas.replica_env(tmp_path / "city.duckdb", secret)
    assert env["STREAMLIT_SERVER_COOKIE_SECRET"] == secret
    assert env["ZSGT_DB"] == str(tmp_path / "city.duckdb")


def test_a_short_cookie_secret_is_refused_with_a_message(tmp_path):
    path = tmp_path / "secret"
    path.write_text("short\n")
    try:
        replicas.cookie_secret(path)
    except SystemExit as exc:
        assert "太短" in str(exc) and str(path) in str(exc)
    else:
        raise AssertionError("a short secret was accepted")


def test_the_nginx_config_is_sticky_by_cookie_and_proxies_websockets(tmp_path):
    conf = replicas.nginx_conf("127.0.0.1:8650", [8651, 8652, 8653], tmp_path)
    assert "{{" not in conf
    assert "hash $zsgt_sticky consistent;" in conf and "ip_hash;" not in conf
    for i, port in enumerate([8651, 8652, 8653], start=1):
        assert f"server 127.0.0.1:{port} " in conf
        assert f'"127.0.0.1:{port}" "{i}";' in conf
    assert "proxy_set_header Upgrade $http_upgrade;" in conf
    assert "proxy_set_header Connection $connection_upgrade;" in conf
    assert "proxy_read_timeout 1d;" in conf
    assert "daemon off;" in conf and f"pid {tmp_path}/nginx.pid;" in conf
    assert "listen 127.0.0.1:8650;" in conf


def test_the_nginx_config_is_valid_for_nginx_itself(tmp_path):
    import subprocess

    import pytest

    nginx = replicas.nginx_binary()
    if nginx is None:
        pytest.skip("nginx is not installed (make nginx-deps installs Debian's nginx)")
    for sub in ("logs", "tmp"):
        (tmp_path / sub).mkdir()
    (tmp_path / "nginx.conf").write_text(replicas.nginx_conf("127.0.0.1:8650", [8651, 8652], tmp_path))
    run = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "logs" / "error.log"),
                          "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert os.path.exists(tmp_path / "logs")


def test_the_launcher_says_in_chinese_when_the_store_is_missing(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("ZSGT_DB", str(tmp_path / "missing.duckdb"))
    monkeypatch.setenv("ZSGT_COOKIE_SECRET_FILE", str(tmp_path / "secret"))
    if replicas.nginx_binary() is None:
        assert replicas.main(["--n", "2", "--run-dir", str(tmp_path / "run")]) == 1
        assert "找不到 nginx" in capsys.readouterr().err
        return
    assert replicas.main(["--n", "2", "--run-dir", str(tmp_path / "run")]) == 1
    err = capsys.readouterr().err
    assert "无法启动" in err and "数据库文件不存在" in err and "missing.duckdb" in err


def test_the_launcher_refuses_no_replicas(capsys):
    assert replicas.main(["--n", "0"]) == 2
    assert "N 至少为 1" in capsys.readouterr().err
