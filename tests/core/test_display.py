"""Audit values on screen: Dutch field names and dates, not column names and ISO strings."""

from planner.core.display import audit_value, field_label


def test_audited_fields_and_values_read_in_dutch(app):
    with app.test_request_context("/"):
        assert field_label("summary") == "Samenvatting"
        assert field_label("end_date") == "Einddatum"
        assert field_label("some_new_column") == "some new column"
        assert audit_value("2026-03-01") == "1 mrt 2026"
        assert audit_value(None) == "–" and audit_value([]) == "–"
        assert audit_value(["Woonbedrijf", "LEV-groep"]) == "Woonbedrijf, LEV-groep"
        assert audit_value(True) == "ja"
        assert audit_value(40) == "40"
