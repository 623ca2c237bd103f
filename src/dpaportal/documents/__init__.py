"""The DPA document: snapshot, fingerprint, and its HTML and PDF renderings.

Pure code: nothing here imports Django, the ORM or anything of HTTP.
"""
