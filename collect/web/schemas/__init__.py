"""Request data, parsed in one place: one module per kind of request.

``submission`` (a participant's answers), ``queries`` (filters and cursors of exports and
listings), ``resources`` (the API's forms, events, links, responses, accounts, tokens and
audit entries), ``accounts`` (the sign-in and account pages). Views receive clean dicts.
"""
