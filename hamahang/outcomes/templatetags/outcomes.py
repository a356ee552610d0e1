"""`{% outcome_panel resolution=… %}` / `{% outcome_panel case=… %}`: what a resolution or case
produced, the producer's commitments and the assignments held up by them, on its page."""

from django import template

from hamahang.accounts.access import can_run_secretariat
from hamahang.outcomes import selectors
from hamahang.outcomes.forms import CommitmentStatusForm
from hamahang.outcomes.models import BLOCKED_LABEL, AssignmentBlock
from hamahang.outcomes.services import outcome_describe

register = template.Library()


@register.inclusion_tag("outcomes/_panel.html", takes_context=True)
def outcome_panel(context, resolution=None, case=None):
    user = context["request"].user
    outcomes = selectors.outcome_list_for_user(user=user)
    commitments = selectors.commitment_list_for_user(user=user)
    if resolution is not None:
        outcomes = outcomes.filter(resolution=resolution)
        commitments = selectors.commitments_concerning(user=user, resolution=resolution)
        blocks = list(
            AssignmentBlock.objects.filter(
                assignment__resolution=resolution, lifted_at__isnull=True
            ).select_related("assignment__agency", "commitment")
        )
    else:
        outcomes = outcomes.filter(case=case)
        commitments = commitments.filter(case=case)
        blocks = []
    rows = [(outcome, outcome_describe(outcome)) for outcome in outcomes]
    return {
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "resolution": resolution,
        "case": case,
        "outcomes": rows,
        "commitments": list(commitments),
        "blocks": blocks,
        "blocked_ids": {block.assignment_id for block in blocks},
        "blocked_label": BLOCKED_LABEL,
        "can_edit": can_run_secretariat(user),
        "status_form": CommitmentStatusForm(),
        "open_assignments": (
            [a for a in resolution.assignments.all() if a.is_open] if resolution else []
        ),
    }
