"""netweave.synth: a realistic network generator (no Django); writes insights tables.

>>> from datetime import date
>>> network = generate(SynthConfig(members=150, until=date(2026, 6, 30), seed=1))
>>> network.tables.interactions.height > 10_000
True

:func:`generate` returns a :class:`SyntheticNetwork`: ``tables`` (a
:class:`~netweave.insights.tables.NetworkTables`, ids dense from 1, interaction dates within
``[until - years*365 days, until]``), ``name``, ``slug``, ``charter`` (English) and
``charter_nl`` (Dutch), ``config``, and these frames:

``people``
    person_id, first_name, last_name, email (``first.last.<id>@<org-slug>.example``, unique),
    language ('nl' or 'en'), role ('steward' 1–3, 'sponsor' 1–2, else 'member').
``organisation_details``
    organisation_id, slug (unique), city, website. Names and sectors are in
    ``tables.organisations``.
``asks`` / ``offers``
    ask_id / offer_id, person_id, theme (slug), language, text, created_on, closed_on (null
    while open); the same frames as ``tables.asks`` / ``tables.offers``.
``routines``
    routine_id, name, format ('meetup', 'intervision', 'random_coffee'), cadence ('weekly',
    'biweekly', 'monthly', 'quarterly'), steward_id, theme (null for random coffee),
    started_on (may precede the window), ended_on (null while running).
``reflections``
    occurrence_id, language, happened, learned, next_step, text (the three joined).
``initiatives``
    initiative_id, name, stage ('idea', 'forming', 'running', 'ended'), owner_id,
    themes (list of slugs), started_on, partner_found_on (null until found).
``themes``
    slug, name_en, name_nl.
``introduction_outcomes``
    introduction_id, outcome ('working_together' or 'helped'), outcome_on: what came of each
    followed-up introduction of ``tables.introductions``, as its two told the app.

How the network is drawn: :mod:`.population` (organisations, people, membership),
:mod:`.ties` (colleagues, peers, bridges, triadic closure, ties going cold),
:mod:`.interactions` (logged interactions and directed help on ties), :mod:`.routines`,
:mod:`.introductions`, :mod:`.texts`.
"""

from .config import MIN_MEMBERS, SynthConfig
from .network import SyntheticNetwork, generate, read_parquet, write_parquet
from .texts import Charter

__all__ = [
    "MIN_MEMBERS",
    "Charter",
    "SynthConfig",
    "SyntheticNetwork",
    "generate",
    "read_parquet",
    "write_parquet",
]
