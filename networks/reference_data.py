"""The districts, themes and target groups the plan and the network work with (FACTS.md).

Migration 0003 created these rows (with its own frozen copy of the lists). This copy lets the
sample loaders put them back where a test run's flush removed them.
"""

DISTRICTS = [
    ("練馬", "nerima"),
    ("光が丘", "hikarigaoka"),
    ("石神井", "shakujii"),
    ("大泉", "oizumi"),
]
THEMES = [
    ("就労体験", "work-experience"),
    ("交流の場・居場所づくり", "places-to-belong"),
    ("福祉教育", "welfare-education"),
]
TARGET_GROUPS = [("高齢者", "elderly"), ("障害者", "disabilities"), ("子ども", "children")]
