"""Upload → checked preview (every problem by sheet, row and column) → confirm → imported."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from hamahang.core.replica import standby_reads
from hamahang.imports.forms import UploadForm
from hamahang.imports.kinds import KINDS
from hamahang.imports.models import ImportRun
from hamahang.imports.services import (
    fail_stale_runs,
    file_sha256,
    import_run_retry,
    may_import,
)
from hamahang.imports.tasks import run_import
from hamahang.imports.writer import export_file, write_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _runs_for(user):
    return (
        ImportRun.objects.filter(uploaded_by=user)
        if not user.is_superuser
        else ImportRun.objects.all()
    )


@login_required
def import_list(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        if not may_import(request.user, kind):
            raise PermissionDenied
        upload = form.cleaned_data["file"]
        run = ImportRun.objects.create(
            kind=kind,
            file=upload,
            original_name=upload.name,
            uploaded_by=request.user,
            sha256=file_sha256(upload),
        )
        run_import.enqueue(run.pk, False)
        return redirect(run)
    fail_stale_runs()
    kinds = [(key, module.TITLE, may_import(request.user, key)) for key, module in KINDS.items()]
    return render(
        request,
        "imports/import_list.html",
        {"form": form, "kinds": kinds, "runs": _runs_for(request.user)[:30]},
    )


@login_required
def import_detail(request, pk: int):
    fail_stale_runs()
    run = get_object_or_404(_runs_for(request.user), pk=pk)
    template = "imports/import_detail.html#status" if request.htmx else "imports/import_detail.html"
    earlier = (
        _runs_for(request.user)
        .filter(kind=run.kind, sha256=run.sha256, status=ImportRun.Status.APPLIED)
        .exclude(pk=run.pk)
        .order_by("-finished_at")
        .first()
        if run.sha256
        else None
    )
    return render(
        request, template, {"run": run, "title": KINDS[run.kind].TITLE, "earlier": earlier}
    )


@login_required
@require_POST
def import_confirm(request, pk: int):
    run = get_object_or_404(_runs_for(request.user), pk=pk)
    if run.status != ImportRun.Status.READY:
        messages.error(
            request, "این پرونده آماده ورود نیست؛ نخست ایرادهای آن را برطرف و دوباره بارگذاری کنید."
        )
        return redirect(run)
    run_import.enqueue(run.pk, True)
    return redirect(run)


@login_required
@require_POST
def import_retry(request, pk: int):
    run = get_object_or_404(_runs_for(request.user), pk=pk)
    try:
        import_run_retry(run=run, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(run)
    run_import.enqueue(run.pk, False)
    return redirect(run)


@login_required
def template_download(request, kind: str):
    module = KINDS.get(kind) or _not_found()
    return _xlsx(write_workbook(module), f"template-{kind}.xlsx")


@login_required
@standby_reads
def export_download(request, kind: str):
    module = KINDS.get(kind) or _not_found()
    # Streamed from a temporary file: an export of a whole province never sits in memory.
    return FileResponse(
        export_file(module, module.export(request.user)),
        as_attachment=True,
        filename=f"export-{kind}.xlsx",
        content_type=XLSX,
    )


def _not_found():
    from django.http import Http404

    raise Http404


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
