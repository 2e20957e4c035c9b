"""Forms for a moment's photos and documents (kept apart from forms.py, which is being translated meanwhile)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, TextAreaField
from wtforms.validators import Length


class AttachmentForm(FlaskForm):
    """A photo or PDF for a moment; type, size and alt text are checked by the service, on the content."""

    file = FileField(_l("Foto of document"), validators=[FileRequired(_l("Kies een foto (JPEG of PNG) of een PDF-document."))],
                     render_kw={"accept": ".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"})
    description = TextAreaField(_l("Beschrijving (alt-tekst)"), validators=[
        Length(max=500, message=_l("Een beschrijving is hoogstens 500 tekens."))])
    public = BooleanField(_l("Foto tonen op de openbare terugkoppelingspagina"))


class AttachmentPublicForm(FlaskForm):
    public = HiddenField()


class ConfirmForm(FlaskForm):
    """Only the CSRF token: for buttons that change something (delete)."""
