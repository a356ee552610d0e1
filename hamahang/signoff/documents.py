"""The minutes as documents: the draft the signers read, the signed PDF (PAdES, pyHanko, the
office's PKCS#12 certificate) with its QR code, and the check of an uploaded copy.

The minutes are rendered by the meetings app's own template (`meetings/pdf/minutes.html`);
this module adds the sign-off block and the signature.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from hamahang.core.pdf import font_faces
from hamahang.meetings import selectors as meeting_selectors

MINUTES_TEMPLATE = "meetings/pdf/minutes.html"
SIGNED_TEMPLATE = "signoff/pdf/minutes.html"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _context(meeting_pk: int, reader) -> dict:
    """What the minutes show, read as `reader` (the secretariat member who sent the round:
    the same reader at sending and at approval, so the content compares)."""
    meeting = meeting_selectors.meeting_detail(user=reader, pk=meeting_pk)
    return {
        "meeting": meeting,
        "quorum": meeting_selectors.meeting_quorum(meeting),
        "font_faces": font_faces(),
        "office_name": settings.HAMAHANG_OFFICE_NAME,
    }


def minutes_content_sha256(meeting_pk: int, reader) -> str:
    """The SHA-256 of the minutes' rendered content (HTML, deterministic for the same data)."""
    return sha256(render_to_string(MINUTES_TEMPLATE, _context(meeting_pk, reader)).encode())


def _pdf(html: str) -> bytes:
    from weasyprint import HTML

    base = Path(__file__).resolve().parent
    return HTML(string=html, base_url=str(base)).write_pdf()


def draft_pdf(meeting_pk: int, reader, *, round_) -> bytes:
    context = {**_context(meeting_pk, reader), "draft": True, "round": round_}
    return _pdf(render_to_string(SIGNED_TEMPLATE, context))


def qr_svg_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def final_pdf(meeting_pk: int, reader, *, round_, signers, verify_url: str, code: str) -> bytes:
    """The approved minutes with the signers, the QR code and the verification address
    (unsigned: `sign_pdf` signs it)."""
    context = {
        **_context(meeting_pk, reader),
        "draft": False,
        "round": round_,
        "signers": signers,
        "verify_url": verify_url,
        "verify_code": code,
        "qr": qr_svg_data_uri(verify_url),
    }
    return _pdf(render_to_string(SIGNED_TEMPLATE, context))


# --- Signing ----------------------------------------------------------------------------------


def no_certificate() -> ValidationError:
    return ValidationError(
        "گواهی امضای دیجیتال دفتر پیکربندی نشده یا خوانا نیست (HAMAHANG_SIGNING_P12)؛ "
        "صورتجلسه امضا نشد. با مدیر سامانه تماس بگیرید.",
        code="no_signing_certificate",
    )


def _signer():
    from pyhanko.sign import signers

    path = settings.HAMAHANG_SIGNING_P12
    password = settings.HAMAHANG_SIGNING_P12_PASSWORD
    if not path or not Path(path).is_file():
        raise no_certificate()
    try:
        signer = signers.SimpleSigner.load_pkcs12(
            pfx_file=str(path), passphrase=password.encode() if password else None
        )
    except Exception as error:  # a wrong password or a damaged file: the same answer
        raise no_certificate() from error
    if signer is None:
        raise no_certificate()
    return signer


def _outside_event_loop(function, *args, **kwargs):
    """pyHanko's synchronous calls run `asyncio.run()`, which refuses to start inside a running
    event loop (an async view; Playwright's sync API in the browser tests): there, the call runs
    in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def certificate_subject() -> str:
    return _signer().signing_cert.subject.human_friendly


def sign_pdf(pdf: bytes) -> bytes:
    """PAdES baseline signature over the whole file, with the office's certificate."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = _signer()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(
        field_name="HamahangMinutes",
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason="تأیید صورتجلسه",
        location=settings.HAMAHANG_OFFICE_NAME,
    )
    out = _outside_event_loop(signers.sign_pdf, writer, meta, signer=signer)
    return out.getvalue()


# --- Checking an uploaded copy ----------------------------------------------------------------


@dataclass(frozen=True)
class SignatureCheck:
    intact: bool  # the signed bytes hash to the signature's digest, and the signature is valid
    whole_file: bool  # the signature covers the entire file (nothing appended after signing)


def check_signature(data: bytes) -> SignatureCheck:
    """pyHanko's check of the file's embedded signature: integrity and coverage only (the
    trust of the certificate is the office's own, not a public authority's)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = reader.embedded_signatures
        if not embedded:
            return SignatureCheck(intact=False, whole_file=False)
        signature = embedded[0]
        # Integrity only: the file is matched against the stored signed file by its hash, so
        # the certificate the signature carries is taken as its own root (no trust claim).
        context = ValidationContext(trust_roots=[signature.signer_cert], allow_fetching=False)
        status = _outside_event_loop(validate_pdf_signature, signature, context)
    except Exception:
        return SignatureCheck(intact=False, whole_file=False)
    return SignatureCheck(
        intact=bool(status.intact and status.valid),
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
    )
