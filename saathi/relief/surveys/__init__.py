"""Needs assessments: XLSForm surveys, phone forms, Kobo/ODK imports, aggregates."""
