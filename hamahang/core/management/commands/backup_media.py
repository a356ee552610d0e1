"""Back up and restore uploaded files (MEDIA_ROOT), which a database dump does not hold.

    manage.py backup_media media-1405-09-09.tar.gz        # write the archive
    manage.py backup_media --restore media-1405-09-09.tar.gz

The archive holds every file under MEDIA_ROOT and MANIFEST.json: each file's path, size and
SHA-256. A restore checks every file against the manifest before anything is written, refuses
entries outside MEDIA_ROOT, links and devices, and then writes the files in place (files that
are not in the archive are left alone).
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hamahang.core import clock
from hamahang.core.digits import to_persian_digits

MANIFEST = "MANIFEST.json"
FILES = "media/"


def _sha256(stream) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


def write_backup(media_root: Path, archive: Path) -> list[dict]:
    """Write MEDIA_ROOT into a gzipped tar with its manifest; the manifest entries."""
    files = sorted(p for p in media_root.rglob("*") if p.is_file() and not p.is_symlink())
    entries = []
    with tarfile.open(archive, "w:gz") as tar:
        for path in files:
            relative = path.relative_to(media_root).as_posix()
            with path.open("rb") as stream:
                digest = _sha256(stream)
            entries.append({"path": relative, "size": path.stat().st_size, "sha256": digest})
            tar.add(path, arcname=FILES + relative, recursive=False)
        manifest = json.dumps(
            {"created_at": clock.now().isoformat(), "files": entries},
            ensure_ascii=False,
            indent=1,
        ).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(manifest)
        info.mtime = int(clock.now().timestamp())
        tar.addfile(info, io.BytesIO(manifest))
    return entries


def read_backup(archive: Path, media_root: Path) -> list[dict]:
    """Check the archive against its manifest, then restore its files under media_root."""
    try:
        tar = tarfile.open(archive, "r:gz")  # noqa: SIM115 - closed by the with below
    except (OSError, tarfile.TarError) as error:
        raise CommandError(f"پرونده پشتیبان خوانده نشد: {error}") from error
    with tar:
        try:
            manifest = json.load(tar.extractfile(MANIFEST))
            expected = {entry["path"]: entry for entry in manifest["files"]}
        except (KeyError, TypeError, ValueError) as error:
            raise CommandError(
                "فهرست پرونده‌ها (MANIFEST.json) در پشتیبان نیست یا خراب است."
            ) from error
        members = {}
        for member in tar.getmembers():
            if member.name == MANIFEST:
                continue
            if not member.isfile() or not member.name.startswith(FILES):
                raise CommandError(f"پشتیبان مورد نامجازی دارد: {member.name}")
            relative = member.name[len(FILES) :]
            target = (media_root / relative).resolve()
            if not target.is_relative_to(media_root.resolve()):
                raise CommandError(f"پشتیبان مسیری بیرون از پوشه بارگذاری‌ها دارد: {member.name}")
            members[relative] = member
        if set(members) != set(expected):
            raise CommandError("پرونده‌های پشتیبان با فهرست آن یکی نیست؛ چیزی بازگردانده نشد.")
        for relative, member in members.items():
            if _sha256(tar.extractfile(member)) != expected[relative]["sha256"]:
                raise CommandError(
                    f"چکیده پرونده «{relative}» با فهرست نمی‌خواند؛ چیزی بازگردانده نشد."
                )
        for relative, member in members.items():
            target = media_root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(member) as source, target.open("wb") as out:
                for chunk in iter(lambda: source.read(1024 * 1024), b""):
                    out.write(chunk)
    return list(expected.values())


class Command(BaseCommand):
    help = "پشتیبان‌گیری از پرونده‌های بارگذاری‌شده (MEDIA_ROOT) با فهرست چکیده‌ها، یا بازگرداندن آن"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="پرونده ‎.tar.gz‎ پشتیبان")
        parser.add_argument(
            "--restore", action="store_true", help="بازگرداندن پشتیبان به MEDIA_ROOT"
        )

    def handle(self, *args, archive, restore, **options):
        media_root, archive = Path(settings.MEDIA_ROOT), Path(archive)
        if restore:
            if not archive.is_file():
                raise CommandError(f"پرونده پشتیبان «{archive}» پیدا نشد.")
            media_root.mkdir(parents=True, exist_ok=True)
            entries = read_backup(archive, media_root)
            self.stdout.write(
                f"{to_persian_digits(len(entries))} پرونده بازگردانده و با چکیده‌ها سنجیده شد."
            )
            return
        if archive.exists():
            raise CommandError(f"پرونده «{archive}» هست؛ نام دیگری بدهید.")
        if not media_root.is_dir():
            raise CommandError(f"پوشه بارگذاری‌ها «{media_root}» پیدا نشد.")
        entries = write_backup(media_root, archive)
        self.stdout.write(
            f"{to_persian_digits(len(entries))} پرونده در «{archive}» نوشته شد (با MANIFEST.json)."
        )
