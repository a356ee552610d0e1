from hamahang.accounts.access import can_administer_office
from hamahang.office.selectors import may_enter_closures


def office(request):
    """Whether the menu offers the office set-up screens and the closures screen."""
    user = getattr(request, "user", None)
    return {
        "can_set_up_office": bool(user and can_administer_office(user)),
        "can_enter_closures": bool(user and may_enter_closures(user)),
    }
