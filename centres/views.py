from django.views.generic import DetailView, ListView

from .models import Centre


class CentreListView(ListView):
    model = Centre
    template_name = "centres/centre_list.html"
    context_object_name = "centres"


class CentreDetailView(DetailView):
    model = Centre
    template_name = "centres/centre_detail.html"
    context_object_name = "centre"
