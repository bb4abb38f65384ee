"""Build pairs.tsv from topics.tsv (run once; both files are committed).

Positive (match = 1): the ask and the offer written for the same topic, in one language.
Negative (match = 0): the ask of a topic and the offer of the next topic in the same domain
(cyclically), so negatives share a domain and often words ("energy", "school", "vrijwilligers").
"""

import csv
from collections import defaultdict
from pathlib import Path

here = Path(__file__).parent
with (here / "topics.tsv").open(encoding="utf-8") as file:
    topics = list(csv.DictReader(file, delimiter="\t"))
by_domain = defaultdict(list)
for topic in topics:
    by_domain[topic["domain"]].append(topic)
rows = []
for domain_topics in by_domain.values():
    for i, topic in enumerate(domain_topics):
        other = domain_topics[(i + 1) % len(domain_topics)]
        for language in ("en", "nl"):
            ask = topic[f"{language}_ask"]
            rows.append((language, ask, topic[f"{language}_offer"], 1))
            rows.append((language, ask, other[f"{language}_offer"], 0))
with (here / "pairs.tsv").open("w", encoding="utf-8", newline="") as file:
    writer = csv.writer(file, delimiter="\t", lineterminator="\n")
    writer.writerow(("language", "ask", "offer", "match"))
    writer.writerows(rows)
print(len(rows), "pairs")
