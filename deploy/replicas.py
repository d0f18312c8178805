"""Serve the dashboard from N Streamlit processes behind nginx, for many users at once.

    make serve-replicas N=2                 # proxy on http://localhost:8501, replicas on 8511, 8512
    .venv/bin/python deploy/replicas.py --n 2 --port 8501 --replica-port 8511 [--host 0.0.0.0]

Streamlit keeps each browser session in one process, so more users means more processes behind a
proxy that sends every request of a session to the same one (sticky sessions). This launcher:
- starts N `streamlit run app.py` on loopback ports, all reading the one store ($ZSGT_DB, read-only),
  all given the same server.cookieSecret (read from a file outside git, made once: see
  `cookie_secret`), so a cookie one replica signed is good on every other (the XSRF cookie, and
  st.login's session cookie when secrets.toml's [auth] sets no cookie_secret of its own);
- waits until each answers /_stcore/health, then runs Debian's nginx in the foreground with the
  config of deploy/nginx.conf.template (sticky by a cookie, websockets proxied), every file it
  writes (pid, logs, temp) under one run directory;
- stops everything on Ctrl+C / SIGTERM, or when any child exits.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
STICKY_COOKIE = "zsgt_replica"
REPLICA_HEADER = "X-Zsgt-Replica"


def secret_path() -> Path:
    """Where the shared cookie secret lives: $ZSGT_COOKIE_SECRET_FILE, else
    $XDG_STATE_HOME/zsgt/cookie_secret (~/.local/state/zsgt/cookie_secret): outside the repository."""
    if os.environ.get("ZSGT_COOKIE_SECRET_FILE"):
        return Path(os.environ["ZSGT_COOKIE_SECRET_FILE"])
    state = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return state / "zsgt" / "cookie_secret"


def cookie_secret(path: Path | None = None) -> str:
    """The secret every replica signs its cookies with: read from `path`, or made once (64 hex digits,
    the file readable by its owner only, written by rename so two launchers never see half a file)."""
    path = Path(path or secret_path())
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".cookie_secret.")
        with os.fdopen(fd, "w") as f:  # mkstemp: mode 0600
            f.write(secrets.token_hex(32) + "\n")
        try:
            os.link(tmp, path)  # never replaces a secret another launcher made meanwhile
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
    value = path.read_text().strip()
    if len(value) < 32:
        raise SystemExit(f"{path} 中的 cookie 密钥太短（至少 32 个字符）：删除该文件后重新启动，会自动生成新的密钥。")
    return value


def nginx_binary() -> str | None:
    """Debian's nginx (`apt-get install nginx`), or None when it is not installed."""
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def nginx_conf(listen: str, ports: list[int], run_dir: Path) -> str:
    """The nginx config for a proxy on `listen` (host:port) in front of replicas on loopback `ports`."""
    user_line = "user nobody nogroup;" if os.geteuid() == 0 else "# not root: workers run as this user"
    fields = {
        "user_line": user_line,
        "run_dir": str(run_dir),
        "listen": listen,
        "upstream_servers": "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;" for p in ports),
        "replica_map": "\n".join(f'        "127.0.0.1:{p}" "{i}";' for i, p in enumerate(ports, start=1)),
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    for key, value in fields.items():
        text = text.replace("{{" + key + "}}", value)
    return text


def _wait_healthy(url: str, proc: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.read() == b"ok":
                    return
        except OSError:
            pass
        if proc.poll() is not None:
            raise RuntimeError(f"进程已退出（{proc.returncode}），未能启动：请查看日志 {log}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{timeout:.0f} 秒内未就绪：请查看日志 {log}")
        time.sleep(0.3)


@dataclass
class Cluster:
    url: str                      # the proxy's address
    ports: list[int]              # the replicas' loopback ports, replica i on ports[i - 1]
    run_dir: Path                 # pid, logs (access.log, error.log, replica-i.log), temp files
    procs: list[subprocess.Popen] = field(default_factory=list)  # replicas first, nginx last

    @property
    def access_log(self) -> Path:
        return self.run_dir / "logs" / "access.log"


def replica_env(db: Path, secret: str) -> dict[str, str]:
    """The environment every replica gets: the same store and the same cookie secret."""
    return {**os.environ, "ZSGT_DB": str(db), "STREAMLIT_SERVER_COOKIE_SECRET": secret,
            "STREAMLIT_SERVER_HEADLESS": "true"}


def _stop(procs: list[subprocess.Popen]) -> None:
    for p in reversed(procs):  # the proxy first, so nobody is sent to a replica that is going away
        if p.poll() is None:
            p.terminate()
    for p in reversed(procs):
        try:
            p.wait(timeout=15)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


@contextlib.contextmanager
def serve(n: int, port: int, replica_ports: list[int], db: Path, *, host: str = "127.0.0.1",
          run_dir: Path | None = None, secret_file: Path | None = None) -> Iterator[Cluster]:
    """Start `n` replicas on `replica_ports` and nginx on host:port in front of them; yield the
    running Cluster; stop them all on leaving."""
    nginx = nginx_binary()
    if nginx is None:
        raise RuntimeError("找不到 nginx：请先安装 Debian 的 nginx（make serve-replicas 会自动安装，"
                           "或运行 apt-get install -y nginx）。")
    if len(replica_ports) != n:
        raise ValueError("one port per replica")
    db = Path(db).resolve()
    if not db.exists():
        raise RuntimeError(f"数据库文件不存在：{db}。请设置 ZSGT_DB，或先运行 make demo 生成示例数据。")
    run_dir = Path(run_dir or tempfile.mkdtemp(prefix="zsgt-replicas-")).resolve()
    for sub in ("logs", "tmp"):
        (run_dir / sub).mkdir(parents=True, exist_ok=True)
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        d = run_dir / "tmp" / sub
        d.mkdir(exist_ok=True)
        if os.geteuid() == 0:  # the workers run as nobody: their temp files (uploads) must be theirs
            shutil.chown(d, "nobody", "nogroup")
    if os.geteuid() == 0:
        os.chmod(run_dir, 0o755)
        os.chmod(run_dir / "tmp", 0o755)
    env = replica_env(db, cookie_secret(secret_file))
    procs: list[subprocess.Popen] = []
    logs = []
    try:
        for i, p in enumerate(replica_ports, start=1):
            log = open(run_dir / "logs" / f"replica-{i}.log", "w")
            logs.append(log)
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
                 "--server.port", str(p), "--server.address", "127.0.0.1"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
        for i, (p, proc) in enumerate(zip(replica_ports, procs), start=1):
            _wait_healthy(f"http://127.0.0.1:{p}/_stcore/health", proc, run_dir / "logs" / f"replica-{i}.log")
        conf = run_dir / "nginx.conf"
        listen = f"{'[' + host + ']' if ':' in host else host}:{port}"
        conf.write_text(nginx_conf(listen, replica_ports, run_dir), encoding="utf-8")
        test = subprocess.run([nginx, "-t", "-q", "-p", str(run_dir), "-e", str(run_dir / "logs" / "error.log"),
                               "-c", str(conf)], capture_output=True, text=True)
        if test.returncode:
            raise RuntimeError(f"nginx 配置无效：{test.stderr.strip()}")
        nginx_log = open(run_dir / "logs" / "nginx.out", "w")
        logs.append(nginx_log)
        procs.append(subprocess.Popen([nginx, "-p", str(run_dir), "-e", str(run_dir / "logs" / "error.log"),
                                       "-c", str(conf)], stdout=nginx_log, stderr=subprocess.STDOUT))
        shown = "localhost" if host in ("127.0.0.1", "localhost") else host
        url = f"http://{shown}:{port}"
        _wait_healthy(f"http://127.0.0.1:{port}/_stcore/health" if host in ("0.0.0.0", "::") else
                      f"http://{'[' + host + ']' if ':' in host else host}:{port}/_stcore/health",
                      procs[-1], run_dir / "logs" / "error.log", timeout=30)
        yield Cluster(url, list(replica_ports), run_dir, procs)
    finally:
        _stop(procs)
        for log in logs:
            log.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="N Streamlit processes behind nginx with sticky sessions.")
    ap.add_argument("--n", type=int, default=2, help="how many Streamlit processes (default 2)")
    ap.add_argument("--port", type=int, default=8501, help="the proxy's port (default 8501)")
    ap.add_argument("--host", default="localhost", help="the proxy's address (0.0.0.0: every interface)")
    ap.add_argument("--replica-port", type=int, default=8511, help="the first replica's port on 127.0.0.1")
    ap.add_argument("--run-dir", type=Path, help="pid, logs and temp files (default: a new temp dir)")
    args = ap.parse_args(argv)
    if args.n < 1:
        print("N 至少为 1。", file=sys.stderr)
        return 2
    from zsgt.config import db_path  # noqa: PLC0415 - after argparse, so --help needs no package

    host = "127.0.0.1" if args.host == "localhost" else args.host
    ports = [args.replica_port + i for i in range(args.n)]
    stop = {"signal": None}

    def on_signal(signum, _frame):
        stop["signal"] = signum

    try:
        # Ctrl+C while starting raises KeyboardInterrupt, and serve() stops what it started
        with serve(args.n, args.port, ports, db_path(), host=host, run_dir=args.run_dir) as cluster:
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, on_signal)
            print(f"招商图谱：{cluster.url}  （{args.n} 个进程：" +
                  "、".join(f"127.0.0.1:{p}" for p in ports) + f"；日志 {cluster.run_dir / 'logs'}）", flush=True)
            print("按 Ctrl+C 停止。", flush=True)
            while stop["signal"] is None:
                dead = [p for p in cluster.procs if p.poll() is not None]
                if dead:
                    print(f"一个进程已退出（{dead[0].args[0]} …，返回码 {dead[0].returncode}），全部停止；"
                          f"请查看 {cluster.run_dir / 'logs'}", file=sys.stderr)
                    return 1
                time.sleep(0.5)
    except RuntimeError as exc:
        print(f"无法启动：{exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # stopped while starting: serve() has stopped what it started
        return 130
    print("已停止。", flush=True)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
