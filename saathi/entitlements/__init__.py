"""Secretarial services: schemes, eligibility, applications, letters, drives, agenda."""
