from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from hamahang.core.services import add_service_error
from hamahang.notices import selectors, services
from hamahang.notices.forms import ContactForm


@login_required
def profile(request):
    """The signed-in person's own contact settings: mobile number and the channel order."""
    user = request.user
    channels = selectors.installed_channels()
    form = ContactForm(
        request.POST if request.method == "POST" else None,
        initial=ContactForm.initial_for(user),
        channels=channels,
    )
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                services.user_contact_update(
                    user=user,
                    acting_user=user,
                    phone=form.cleaned_data["phone"],
                    notice_channels=form.cleaned_data["notice_channels"],
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, "تنظیمات اطلاع‌رسانی ذخیره شد.")
                return redirect("notices:profile")
        status = 422
    return render(
        request,
        "notices/profile.html",
        {
            "form": form,
            "channels": selectors.contact_channels(user=user),
            # Boxes other apps add to the page (e.g. linking a Bale chat): template names.
            "panels": settings.HAMAHANG_PROFILE_PANELS,
        },
        status=status,
    )
