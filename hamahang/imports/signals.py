"""Rows written inside an import carry its name (`core.provenance.write_source`): a
resolution's timeline event gets it as its `source`, every history row as its change reason."""

from __future__ import annotations

from django.db.models.signals import pre_save
from simple_history.signals import pre_create_historical_record

from hamahang.core.provenance import current_write_source
from hamahang.meetings.models import ResolutionEvent


def _event_source(sender, instance, **kwargs):
    source = current_write_source()
    if source and not instance.source:
        instance.source = source[:300]


def _history_reason(sender, history_instance, **kwargs):
    source = current_write_source()
    if source and not history_instance.history_change_reason:
        history_instance.history_change_reason = source[:100]


def connect() -> None:
    pre_save.connect(_event_source, sender=ResolutionEvent, dispatch_uid="imports-event-source")
    pre_create_historical_record.connect(_history_reason, dispatch_uid="imports-history-reason")
