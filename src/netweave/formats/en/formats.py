"""English dates for readers in the Netherlands and the rest of Europe: day before month, as in
British English ("2 August 2026", "2 Aug 2026"). Django's English writes "Aug. 2, 2026" and
"08/02/2026", which a Dutch reader of the English edition takes for 8 February."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j F"
TIME_FORMAT = "H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
