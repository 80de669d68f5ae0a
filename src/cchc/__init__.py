"""cchc: administrative-reform (cải cách hành chính) plans from the Word file to the year-end score."""

__version__ = "0.1.0"
