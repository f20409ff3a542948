"""Crisis response: relief programmes, distributions, beneficiary lists, fundraising."""
