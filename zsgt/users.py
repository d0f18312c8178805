"""The local user file (issue 9): who may sign in where the office has no identity provider.

A TOML file outside the repository, its path in $ZSGT_USERS, readable only by the account that runs
the dashboard (mode 600 or 640). One `[[users]]` table per person:

    [[users]]
    user = "wang"                      # the sign-in name
    display = "王主任"                  # the name shown in the sidebar
    role = "chain_owner"               # leader, chain_owner, department, staff, admin
    chains = ["aluminium"]             # a chain owner's chains
    departments = []                   # a department's (or a staff member's) departments
    password = "$argon2id$v=19$..."    # an Argon2 hash, never the password

Kept by the command (it writes the hash, the mode and the file atomically):

    python -m zsgt.users add wang --role chain_owner --chains aluminium --display 王主任
    python -m zsgt.users passwd wang          # a new password (asked twice, or --password-stdin)
    python -m zsgt.users role wang leader     # another role (and --chains / --departments)
    python -m zsgt.users list
    python -m zsgt.users remove wang

No Streamlit here: zsgt/auth.py signs people in with it.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import stat
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .access import CHAIN_OWNER, DEPARTMENT, ROLE_NAMES, Principal
from .config import ROOT, users_path

HASHER = PasswordHasher()
MIN_PASSWORD = 8
# verified against when the name is unknown, so an unknown name takes as long as a wrong password
_DUMMY_HASH = HASHER.hash("not a password of anyone")

# the roles by their Chinese names too, for the command
ROLE_WORDS = {"领导": "leader", "链长单位": "chain_owner", "部门": "department", "工作人员": "staff", "管理员": "admin"}
ROLE_ZH = {v: k for k, v in ROLE_WORDS.items()}


class UsersError(Exception):
    """The user file cannot be used; the message says in Chinese what to do."""


@dataclass(frozen=True)
class User:
    user: str
    role: str
    password: str                      # the Argon2 hash
    chains: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    display: str = ""

    def principal(self) -> Principal:
        return Principal(user=self.user, role=self.role, chains=self.chains, departments=self.departments,
                         display=self.display or self.user)

    def verify(self, password: str) -> bool:
        return verify_hash(self.password, password)


def verify_hash(hashed: str, password: str) -> bool:
    try:
        return HASHER.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def burn(password: str) -> None:
    """Spend a verification's time on nothing (an unknown user name)."""
    verify_hash(_DUMMY_HASH, password)


def check_role(role: str, chains, departments, where: str = "") -> None:
    if role not in ROLE_NAMES:
        raise UsersError(f"{where}角色 {role!r} 无效，应为以下之一：" + "、".join(f"{r}（{ROLE_ZH[r]}）" for r in ROLE_NAMES) + "。")
    if role == CHAIN_OWNER and not chains:
        raise UsersError(f"{where}链长单位角色需要至少一条产业链（chains，如 [\"aluminium\"]）。")
    if role == DEPARTMENT and not departments:
        raise UsersError(f"{where}部门角色需要至少一个部门（departments，如 [\"drc\"]）。")


def _strings(value, field: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise UsersError(f"{where}{field} 应为字符串列表，如 {field} = [\"aluminium\"]。")
    return tuple(v.strip() for v in value)


def parse(text: str, name: str = "用户文件") -> dict[str, User]:
    """The users of a user file's text, by name; UsersError saying what is wrong where."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsersError(f"{name}格式有误（{exc}）。请检查该行的引号、等号和方括号，或用 python -m zsgt.users 重新生成。") from exc
    entries = data.get("users", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise UsersError(f"{name}中的用户应写作 [[users]] 表。")
    out: dict[str, User] = {}
    for i, e in enumerate(entries, 1):
        where = f"{name}第 {i} 个用户（{e.get('user', '?')}）："
        user = e.get("user")
        if not isinstance(user, str) or not user.strip():
            raise UsersError(f"{where}缺少用户名 user。")
        if user in out:
            raise UsersError(f"{where}用户名 {user} 重复。")
        password = e.get("password")
        if not isinstance(password, str) or not password.startswith("$argon2"):
            raise UsersError(f"{where}password 不是 Argon2 密码哈希。请用 python -m zsgt.users passwd {user} 设置密码。")
        role = e.get("role")
        chains = _strings(e.get("chains", []), "chains", where)
        departments = _strings(e.get("departments", []), "departments", where)
        check_role(role if isinstance(role, str) else repr(role), chains, departments, where)
        display = e.get("display", "")
        if not isinstance(display, str):
            raise UsersError(f"{where}display 应为文字。")
        out[user] = User(user, role, password, chains, departments, display)
    return out


def check_location(path: Path) -> None:
    """The file must not live in the repository (it would be committed) nor be readable or writable
    by every account on the machine."""
    try:
        resolved = path.resolve()
    except OSError:
        resolved = path
    if resolved.is_relative_to(ROOT):
        raise UsersError(f"用户文件 {path} 位于代码目录内，可能被提交到代码库。请移到代码目录之外（如 /etc/zsgt/users.toml），"
                         "并将环境变量 ZSGT_USERS 指向它。")


def load(path: Path) -> dict[str, User]:
    """The users of the file at `path`, or UsersError with a Chinese message a person can act on."""
    check_location(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise UsersError(f"找不到用户文件 {path}（环境变量 ZSGT_USERS）。请用 python -m zsgt.users add 用户名 --role leader "
                         "建立它，或改正 ZSGT_USERS。") from None
    except OSError as exc:
        raise UsersError(f"无法读取用户文件 {path}：{exc.strerror}。") from None
    if mode & (stat.S_IROTH | stat.S_IWOTH):
        raise UsersError(f"用户文件 {path} 的权限过宽（{stat.filemode(mode)}）：本机任何账户都能读取或改写它。"
                         f"请运行 chmod 600 {path}，然后刷新页面。")
    if mode & stat.S_IWGRP:
        raise UsersError(f"用户文件 {path} 可被同组账户改写（{stat.filemode(mode)}）。请运行 chmod 600 {path}，然后刷新页面。")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UsersError(f"用户文件 {path} 不是 UTF-8 文本。请用 python -m zsgt.users 重新生成。") from None
    except OSError as exc:
        raise UsersError(f"无法读取用户文件 {path}：{exc.strerror}。请检查运行本系统的账户能否读取它。") from None
    return parse(text, f"用户文件 {path} ")


def _toml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def dumps(users: dict[str, User]) -> str:
    lines = ["# 招商图谱 用户文件：由 python -m zsgt.users 维护，密码只存 Argon2 哈希。", ""]
    for u in users.values():
        lines += ["[[users]]", f"user = {_toml_str(u.user)}", f"display = {_toml_str(u.display)}",
                  f"role = {_toml_str(u.role)}",
                  "chains = [" + ", ".join(map(_toml_str, u.chains)) + "]",
                  "departments = [" + ", ".join(map(_toml_str, u.departments)) + "]",
                  f"password = {_toml_str(u.password)}", ""]
    return "\n".join(lines)


def save(path: Path, users: dict[str, User]) -> None:
    """Write the file atomically (a temporary file beside it, renamed over it), mode 600."""
    check_location(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(dumps(users))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# -- the command ------------------------------------------------------------------------------------
def _role(text: str) -> str:
    role = ROLE_WORDS.get(text, text)
    if role not in ROLE_NAMES:
        raise argparse.ArgumentTypeError(f"角色 {text!r} 无效，可用：" + "、".join(f"{r}（{ROLE_ZH[r]}）" for r in ROLE_NAMES))
    return role


def _ids(text: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in text.replace("，", ",").split(",") if v.strip())


def _read_password(args) -> str:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("新密码：")
        if getpass.getpass("再输入一次：") != password:
            raise UsersError("两次输入的密码不一致，未做任何改动。")
    if len(password) < MIN_PASSWORD:
        raise UsersError(f"密码至少 {MIN_PASSWORD} 个字符，未做任何改动。")
    return password


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own errors, in Chinese terms, exit 2
        self.print_usage(sys.stderr)
        self.exit(2, f"参数错误：{message}\n")


def _parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="python -m zsgt.users", description="维护本地用户文件（环境变量 ZSGT_USERS 指向它）")
    ap.add_argument("--file", type=Path, help="用户文件路径（默认：环境变量 ZSGT_USERS）")
    sub = ap.add_subparsers(dest="command", required=True, parser_class=_Parser)
    add = sub.add_parser("add", help="添加用户并设置密码")
    add.add_argument("user")
    add.add_argument("--role", type=_role, required=True, help="leader/领导, chain_owner/链长单位, department/部门, staff/工作人员, admin/管理员")
    add.add_argument("--chains", type=_ids, default=(), help="链长单位的产业链编号，逗号分隔")
    add.add_argument("--departments", type=_ids, default=(), help="部门编号，逗号分隔")
    add.add_argument("--display", default="", help="显示名称")
    add.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（一行）")
    pw = sub.add_parser("passwd", help="重设密码")
    pw.add_argument("user")
    pw.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（一行）")
    role = sub.add_parser("role", help="修改角色及其产业链、部门")
    role.add_argument("user")
    role.add_argument("role", type=_role)
    role.add_argument("--chains", type=_ids, default=None)
    role.add_argument("--departments", type=_ids, default=None)
    role.add_argument("--display", default=None)
    sub.add_parser("list", help="列出用户（不显示密码）")
    rm = sub.add_parser("remove", help="删除用户")
    rm.add_argument("user")
    return ap


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    path = args.file or users_path()
    if path is None:
        print("未指定用户文件：请设置环境变量 ZSGT_USERS（放在代码目录之外，如 /etc/zsgt/users.toml），或使用 --file。",
              file=sys.stderr)
        return 2
    try:
        users = load(path) if args.command != "add" or path.exists() else {}
        if args.command == "list":
            if not users:
                print(f"{path} 中还没有用户。")
            for u in users.values():
                scope = "，".join(filter(None, ["产业链 " + ",".join(u.chains) if u.chains else "",
                                              "部门 " + ",".join(u.departments) if u.departments else ""]))
                print(f"{u.user}\t{u.display or '-'}\t{u.role}（{ROLE_ZH[u.role]}）\t{scope or '-'}")
            return 0
        if args.command != "add" and args.user not in users:
            raise UsersError(f"用户 {args.user} 不存在（python -m zsgt.users list 列出现有用户）。")
        if args.command == "add":
            if args.user in users:
                raise UsersError(f"用户 {args.user} 已存在；重设密码用 passwd，改角色用 role。")
            if not args.user.strip() or any(c.isspace() for c in args.user):
                raise UsersError("用户名不能为空，也不能含空格。")
            check_role(args.role, args.chains, args.departments)
            users[args.user] = User(args.user, args.role, HASHER.hash(_read_password(args)), args.chains,
                                    args.departments, args.display)
            message = f"已添加用户 {args.user}（{ROLE_ZH[args.role]}）。"
        elif args.command == "passwd":
            old = users[args.user]
            users[args.user] = User(old.user, old.role, HASHER.hash(_read_password(args)), old.chains,
                                    old.departments, old.display)
            message = f"已重设用户 {args.user} 的密码。"
        elif args.command == "role":
            old = users[args.user]
            chains = old.chains if args.chains is None else args.chains
            departments = old.departments if args.departments is None else args.departments
            check_role(args.role, chains, departments)
            users[args.user] = User(old.user, args.role, old.password, chains, departments,
                                    old.display if args.display is None else args.display)
            message = f"用户 {args.user} 的角色已改为 {ROLE_ZH[args.role]}。"
        else:
            del users[args.user]
            message = f"已删除用户 {args.user}。"
        save(path, users)
    except UsersError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(message)
    return 0


if __name__ == "__main__":
    sys.exit(main())
