"""manage.py backup_media: uploaded files are backed up with their SHA-256 and restored."""

import hashlib
import io
import json
import tarfile

import pytest
from django.core.management import CommandError, call_command


@pytest.fixture
def media(tmp_path, settings):
    root = tmp_path / "media"
    (root / "attachments" / "1405").mkdir(parents=True)
    (root / "attachments" / "1405" / "صورتجلسه.pdf").write_bytes(b"%PDF-1.7 minutes")
    (root / "imports" / "a.xlsx").parent.mkdir()
    (root / "imports" / "a.xlsx").write_bytes(bytes(range(256)) * 100)
    settings.MEDIA_ROOT = str(root)
    return root


def _files(root):
    paths = sorted(p for p in root.rglob("*") if p.is_file())
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in paths}


def _archive(path, files: dict[str, bytes], manifest: dict):
    files = {**files, "MANIFEST.json": json.dumps(manifest).encode()}
    with tarfile.open(path, "w:gz") as tar:
        for name, payload in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))


def test_a_backup_holds_every_file_and_a_manifest_of_sha256(media, tmp_path):
    archive = tmp_path / "media.tar.gz"
    out = io.StringIO()
    call_command("backup_media", str(archive), stdout=out)
    assert "۲ پرونده" in out.getvalue()
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("MANIFEST.json"))
        entries = {e["path"]: e for e in manifest["files"]}
        assert set(entries) == {"attachments/1405/صورتجلسه.pdf", "imports/a.xlsx"}
        for path, entry in entries.items():
            content = tar.extractfile(f"media/{path}").read()
            assert entry["sha256"] == hashlib.sha256(content).hexdigest()
            assert entry["size"] == len(content)


def test_restore_gives_back_the_same_bytes(media, tmp_path):
    before = _files(media)
    archive = tmp_path / "media.tar.gz"
    call_command("backup_media", str(archive), stdout=io.StringIO())
    for path in media.rglob("*.pdf"):
        path.unlink()
    (media / "imports" / "a.xlsx").write_bytes(b"changed")
    out = io.StringIO()
    call_command("backup_media", str(archive), "--restore", stdout=out)
    assert _files(media) == before
    assert "بازگردانده" in out.getvalue()


def test_a_tampered_backup_is_refused_and_nothing_is_written(media, tmp_path):
    archive = tmp_path / "bad.tar.gz"
    _archive(archive, {"media/x.txt": b"abc"}, {"files": [{"path": "x.txt", "sha256": "0" * 64}]})
    before = _files(media)
    with pytest.raises(CommandError, match="چکیده"):
        call_command("backup_media", str(archive), "--restore")
    assert _files(media) == before


def test_an_entry_outside_media_root_is_refused(media, tmp_path):
    archive = tmp_path / "evil.tar.gz"
    data = b"owned"
    entry = {"path": "../evil.txt", "sha256": hashlib.sha256(data).hexdigest()}
    _archive(archive, {"media/../evil.txt": data}, {"files": [entry]})
    with pytest.raises(CommandError, match="بیرون"):
        call_command("backup_media", str(archive), "--restore")
    assert not (media.parent / "evil.txt").exists()


def test_an_existing_archive_is_not_overwritten(media, tmp_path):
    archive = tmp_path / "media.tar.gz"
    archive.write_bytes(b"keep")
    with pytest.raises(CommandError, match="نام دیگری"):
        call_command("backup_media", str(archive))
    assert archive.read_bytes() == b"keep"
