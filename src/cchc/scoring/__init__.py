"""The PAR-index self-assessment (tự đánh giá, chấm điểm Chỉ số CCHC) and its appraisal.

- `criteria`: criteria sets as versioned YAML data (criteria/*.yaml), read with line numbers
  and checked (`cchc scoring check FILE`);
- `rules`: a leaf criterion's points from its value, with the calculation in words;
- `facts`: the values cchc computes itself — plan issued by a date, tasks done on time,
  reports sent on time, dossier indicators, evidence present;
- `sheet`: an assessment's scores item by item, area totals with caps, bonus and penalty,
  self-assessed and survey points, where the points were lost;
- `ranking`: units ranked by their scores, ties sharing a rank;
- `export`: the self-assessment report (Decree 30/2020 DOCX/PDF) and the XLSX of scores.
"""
