"""Periodic CCHC reports (báo cáo định kỳ) and documents written back to Word.

- `periods`: the report periods (quý I, 6 tháng, 9 tháng, năm) from the shared configuration;
- `naming`: how a unit names itself in an official document (Decree 30/2020);
- `docx_layout`: the Decree 30/2020 page, header and signature blocks, in python-docx;
- `plan_export`: a plan written back to Word in the shape of the originals;
- `content`, `unit_report`: a unit's report drafted from the data;
- `render`: the report as DOCX (docxtpl template), PDF (LibreOffice) and XLSX (openpyxl);
- `compilation`: the upper level's compilation of its units' reports;
- `cascade`: tasks an upper plan assigns to a class of units, per member unit.
"""
