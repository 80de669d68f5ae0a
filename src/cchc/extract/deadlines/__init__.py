"""Deadline normalizer: a "Thời gian hoàn thành / thực hiện" cell -> schedule items.

`parse_schedule("Quý I/2024 ban hành kế hoạch; định kỳ hằng quý báo cáo", 2024)` gives a due item
(2024-03-31, label "ban hành kế hoạch") and a quarterly recurring item (label "báo cáo"), following
the "Schedule normalization rules" of the plan schema (cchc.plan/1).

Pipeline: the cell is collapsed and folded (`folding`), cut into segments at bullets and
semicolons (`segments`), each segment's deadline phrases are found (`phrases`) and turned into
periods (`periods`), and the words around them become labels (`labels`); `schedule` ties it up.
"""

from cchc.extract.deadlines.schedule import parse_schedule

__all__ = ["parse_schedule"]
