"""Duplicate detection for beneficiary lists, with clerical review."""
