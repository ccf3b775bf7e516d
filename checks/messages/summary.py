"""`summarize`: a class's reports in one table, in the terminal, CSV and HTML."""

MESSAGES = {
}
