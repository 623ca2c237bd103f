"""The vendor's electronic seal: its certificate, the PAdES seal, verification.

Pure code: nothing here imports Django, the ORM or anything of HTTP.
"""
