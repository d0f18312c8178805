"""python -m zsgt.importer FILE... [--dry-run] [--kind KIND] [--delete-missing] [--db PATH]
   python -m zsgt.importer --template KIND [--out FILE]
   python -m zsgt.importer --list-backups | --restore [BACKUP]

Prints the same report as the import page; exits 1 on any error in the files (nothing written),
2 when the store cannot be opened or the write was refused."""

from __future__ import annotations

import argparse
import sys

from ..config import db_path
from ..store import StoreError, open_store
from . import check_files, report
from .kinds import KINDS


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m zsgt.importer", description="导入台账（Excel/CSV）到数据库")
    ap.add_argument("files", nargs="*", help="要导入的 .xlsx / .xls / .csv 文件")
    ap.add_argument("--dry-run", action="store_true", help="只检查并预览，不写入")
    ap.add_argument("--kind", choices=sorted(KINDS), help="台账类型（默认按工作表名或表头识别）")
    ap.add_argument("--delete-missing", action="store_true",
                    help="删除数据库中有、文件中没有的记录（仅限文件涉及的表；会在预览中列出）")
    ap.add_argument("--db", help="数据库文件（默认 $ZSGT_DB 或示例数据库）")
    ap.add_argument("--report", help="把问题报告另存为 Excel 文件")
    ap.add_argument("--template", choices=sorted(KINDS), help="生成某类台账的 Excel 模板")
    ap.add_argument("--out", help="模板输出文件")
    ap.add_argument("--list-backups", action="store_true", help="列出备份")
    ap.add_argument("--restore", nargs="?", const="latest", help="用备份恢复数据库（默认最近一次）")
    ap.add_argument("--fill-pinyin", action="store_true", help="补全企业名称拼音（看板不必停止）")
    args = ap.parse_args(argv)
    path = args.db or str(db_path())

    if args.template:
        from .template import template_bytes

        con = _open(path)
        out = args.out or f"{KINDS[args.template].zh}模板.xlsx"
        with open(out, "wb") as f:
            f.write(template_bytes(args.template, con))
        print(f"已生成模板：{out}")
        return 0
    if args.fill_pinyin:
        from . import write

        try:
            n = write.fill_pinyin(path, progress=_progress)
        except write.ImportRefused as exc:
            print(exc, file=sys.stderr)
            return 2
        print(f"已补全 {n} 家企业的名称拼音。")
        return 0
    if args.list_backups or args.restore:
        from . import write

        if args.list_backups:
            for b in write.list_backups(path):
                print(f"{b.name}\t{b.stat().st_size / 1024 / 1024:.1f} MB")
            return 0
        try:
            restored = write.restore(path, None if args.restore == "latest" else args.restore)
        except write.ImportRefused as exc:
            print(exc, file=sys.stderr)
            return 2
        print(f"已用备份 {restored} 恢复数据库 {path}")
        return 0
    if not args.files:
        ap.error("请给出要导入的文件")

    con = _open(path)
    try:
        checked = check_files(args.files, con, args.kind)
    finally:
        con.close()
    print(report.as_text(checked))
    if args.report:
        with open(args.report, "wb") as f:
            f.write(report.as_excel(checked))
        print(f"问题报告：{args.report}")
    if not checked.ok:
        return 1
    from . import write

    try:
        plan = write.preview(checked, path, delete_missing=args.delete_missing)
        print(write.plan_text(plan))
        if args.dry_run:
            print("（试运行：未写入）")
            return 0
        result = write.apply(checked, path, delete_missing=args.delete_missing,
                             files=args.files, progress=_progress)
    except write.ImportRefused as exc:
        print(exc, file=sys.stderr)
        return 2
    print(result.text())
    return 0


def _open(path):
    try:
        return open_store(path)
    except StoreError as exc:
        print(exc, file=sys.stderr)
        raise SystemExit(2)


def _progress(fraction: float, text: str) -> None:
    print(f"[{fraction:4.0%}] {text}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
