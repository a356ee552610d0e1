"""manage.py make_signing_cert: a self-signed PKCS#12 that signs, and no overwrite by mistake."""

import io

import pytest
from django.core.management import CommandError, call_command

from hamahang.signoff import documents


def test_make_signing_cert_writes_a_certificate_that_signs(tmp_path, settings):
    path = tmp_path / "made.p12"
    call_command("make_signing_cert", output=str(path), password="s3cret", stdout=io.StringIO())
    settings.HAMAHANG_SIGNING_P12, settings.HAMAHANG_SIGNING_P12_PASSWORD = str(path), "s3cret"
    assert "Hamahang minutes signing" in documents.certificate_subject()
    with pytest.raises(CommandError, match="--force"):
        call_command("make_signing_cert", output=str(path), stdout=io.StringIO())
    settings.HAMAHANG_SIGNING_P12_PASSWORD = "wrong"
    with pytest.raises(Exception, match="گواهی امضای دیجیتال دفتر"):
        documents.certificate_subject()
