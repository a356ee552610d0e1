from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from hamahang.accounts.selectors import committee_list_for_user
from hamahang.core.jalali import today
from hamahang.reports.selectors import home_figures


@login_required
def home(request):
    return render(
        request,
        "reports/home.html",
        {
            "figures": home_figures(user=request.user),
            "committees": committee_list_for_user(user=request.user),
            "today": today(),
        },
    )
