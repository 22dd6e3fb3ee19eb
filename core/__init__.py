"""The ground floor: what every app shares and no app owns (STYLE.md "Layers").

Nothing here imports another app of the portal.
"""
