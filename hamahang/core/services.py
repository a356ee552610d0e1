"""Helpers for calling domain services from views and showing their errors on forms."""

from django.core.exceptions import ValidationError


def add_service_error(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form (field errors where the service names them)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)
