"""The demo municipality: Helmond with its real CBS wards and plausible programmes."""
