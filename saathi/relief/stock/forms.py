"""Forms of the stock pages; services do the real checks."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from saathi.funds.models import Campaign

from .models import DonorKind, Item, LossReason, Place

DATE = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


class PlaceForm(forms.Form):
    name = forms.CharField(label=_("Name of the place"), max_length=200)


class ItemForm(forms.Form):
    name = forms.CharField(label=_("Name of the item"), max_length=200)
    unit = forms.CharField(label=_("Counted in (kit, box, packet)"), max_length=40, required=False)


class _StockForm(forms.Form):
    item = forms.ModelChoiceField(label=_("Item"), queryset=Item.objects.none())
    place = forms.ModelChoiceField(label=_("Place"), queryset=Place.objects.none())

    def __init__(self, *args, items=None, places=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items if items is not None else Item.objects.none()
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and field.queryset.model is Place:
                field.queryset = places if places is not None else Place.objects.none()


class ReceiptForm(_StockForm):
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1)
    on = forms.DateField(label=_("Received on"), widget=DATE)
    donor_kind = forms.ChoiceField(label=_("Given by"), choices=DonorKind.choices)
    donor_name = forms.CharField(label=_("Name of the donor"), max_length=200, required=False)
    estimated_value = forms.DecimalField(
        label=_("Estimated value (₹)"), max_digits=12, decimal_places=2, min_value=0, required=False
    )
    campaign = forms.ModelChoiceField(
        label=_("Counted in the ledger of the campaign"),
        queryset=Campaign.objects.none(),
        required=False,
        help_text=_("The estimated value is recorded there as a donation in kind."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, campaigns=None, **kwargs):
        super().__init__(*args, **kwargs)
        if campaigns is None:
            del self.fields["campaign"]
            del self.fields["estimated_value"]
        else:
            self.fields["campaign"].queryset = campaigns


class GiveForm(_StockForm):
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, initial=1)
    on = forms.DateField(label=_("Given on"), widget=DATE)
    member_reference = forms.CharField(
        label=_("To the member (her reference), if given to one"), max_length=20, required=False
    )
    note = forms.CharField(label=_("Note (e.g. health camp)"), max_length=300, required=False)


class MoveForm(_StockForm):
    to_place = forms.ModelChoiceField(label=_("To the place"), queryset=Place.objects.none())
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1)
    on = forms.DateField(label=_("Moved on"), widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class CountForm(_StockForm):
    counted = forms.IntegerField(label=_("Number counted"), min_value=0)
    on = forms.DateField(label=_("Counted on"), widget=DATE)
    reason = forms.ChoiceField(
        label=_("If fewer than the books: why"),
        choices=[("", "---------"), *LossReason.choices],
        required=False,
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class SourceForm(forms.Form):
    """Where a programme's item is given from: a kind of supply at a place, or not from
    stock (its distributions then leave the stock as it is)."""

    item = forms.ModelChoiceField(
        label=_("Given from the stock of"),
        queryset=Item.objects.none(),
        required=False,
        empty_label=_("Not from stock"),
    )
    place = forms.ModelChoiceField(
        label=_("Kept at"), queryset=Place.objects.none(), required=False
    )

    def __init__(self, *args, items=None, places=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items if items is not None else Item.objects.none()
        self.fields["place"].queryset = places if places is not None else Place.objects.none()

    def clean(self):
        data = super().clean()
        if data.get("item") and not data.get("place"):
            self.add_error("place", _("Choose the place it is given from."))
        return data
