"""Guessing a mapping from column and file names: which table a file holds and which column fills what.

Only names are used (synonyms, then near misses), never the values, so a guess is quick and the user
confirms or corrects it on the Data page before anything is written.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from cxdash.ingest.contracts import TABLES
from cxdash.ingest.mapping.model import TableMapping

FUZZY_CUTOFF = 0.85

# Other names for each contract column, as written after `_norm` (lower case, letters and digits only),
# the likelier first.
_CUSTOMER = "customerid custid clientid customerno customernumber custno accountid customerkey userid memberid "
_CUSTOMER += "customer client account user member"
SYNONYMS: dict[str, tuple[str, ...]] = {
    column: tuple(words.split())
    for column, words in {
        "customer_id": _CUSTOMER,
        "signup_date": "signup signedup signupdate signedupat signupat createdat created createddate joindate joined "
        "joinedat registered registeredat registrationdate customersince since startdate start date acquired",
        "churn_date": "churndate churnedat churned churn canceldate cancelled canceled cancelledat canceledat "
        "cancellationdate cancellation cancelation enddate end closedat closedate leftat terminationdate terminated",
        "segment": "customersegment tier plan customertype type size",
        "region": "country state area market territory location geo city",
        "acquisition_channel": "acquisitionchannel channel source acquisitionsource leadsource signupchannel "
        "utmsource origin",
        "order_id": "orderid orderno ordernumber order invoiceid invoiceno invoice invoicenumber transactionid "
        "transaction txnid saleid purchaseid",
        "order_date": "orderdate orderedat date createdat created purchasedate purchasedat invoicedate "
        "transactiondate saledate timestamp datetime time",
        "amount": "total value price revenue sales sale totalamount ordertotal net netamount grossamount gross "
        "totalprice sum ordervalue amountusd amounteur",
        "category": "productcategory productline department product producttype type",
        "response_id": "responseid response surveyresponseid feedbackid answerid submissionid",
        "responded_at": "respondedat date timestamp createdat submittedat submitted created surveydate "
        "responsedate datetime time answeredat completedat recordeddate",
        "metric": "surveytype survey question type kpi measure questiontype surveykind",
        "score": "rating value answer rate grade npsscore csatscore cesscore points",
        "journey_stage": "journeystage stage journey lifecyclestage phase step",
        "touchpoint": "touch interaction contactpoint touchpointname event",
        "comment": "comments feedback text verbatim remark remarks note notes freetext",
        "event_id": "eventid event hitid",
        "timestamp": "eventtime eventdate occurredat datetime time date",
        "stage": "funnel funnelname journeystage journey",
        "step": "funnelstep page pagename action eventname",
        "outcome": "result status completed abandoned",
    }.items()
}
# Words that mean different columns in different tables.
TABLE_SYNONYMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("orders", "channel"): ("saleschannel", "orderchannel", "store", "source", "platform"),
    ("survey_responses", "channel"): ("surveychannel", "source", "medium", "mode"),
}
TABLE_WORDS = {
    "customers": ("customer", "client", "account", "crm", "member", "user", "subscriber", "churn"),
    "orders": ("order", "transaction", "invoice", "sale", "purchase", "payment", "billing", "revenue"),
    "survey_responses": ("survey", "response", "answer", "feedback", "nps", "csat", "ces", "rating", "review"),
    "journey_events": ("journey", "event", "funnel", "clickstream", "session", "visit", "cart"),
}


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _names_for(table: str, column: str) -> tuple[str, ...]:
    key = (TABLES[table].key,) if column == TABLES[table].key else ()
    generic = ("id",) if key else ()
    return (_norm(column), *TABLE_SYNONYMS.get((table, column), ()), *SYNONYMS.get(column, ()), *generic)


def _score(table: str, column: str, source: str) -> float:
    """1 for the contract's own name, just under 1 for a synonym (earlier ones first), less for near misses."""
    name = _norm(source)
    if not name:
        return 0.0
    names = _names_for(table, column)
    if name in names:
        return 1.0 if name == names[0] else 0.9 - 0.001 * names.index(name)
    fuzzy = [difflib.SequenceMatcher(None, name, n).ratio() for n in names if len(n) >= 5]
    best = max(fuzzy, default=0.0)
    return 0.8 * best if best >= FUZZY_CUTOFF else 0.0


def guess_mapping(table: str, columns: list[str]) -> dict[str, str | None]:
    """Contract column -> the source column whose name fits best, each source column used once."""
    contract = TABLES[table].column_names
    pairs = [
        (score, i, j)
        for i, column in enumerate(contract)
        for j, source in enumerate(columns)
        if (score := _score(table, column, source)) > 0
    ]
    guess: dict[str, str | None] = dict.fromkeys(contract)
    used: set[int] = set()
    for _, i, j in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if guess[contract[i]] is None and j not in used:
            guess[contract[i]] = columns[j]
            used.add(j)
    return guess


def guess_constants(table: str, file: str, columns: dict[str, str | None]) -> dict[str, str]:
    """`metric` for a survey file without a metric column, read from its name or its score column's."""
    if table != "survey_responses" or columns.get("metric"):
        return {}
    for text in (columns.get("score") or "", Path(file).stem):
        found = re.search(r"(?<![a-z])(nps|csat|ces)(?![a-z])", text.lower())
        if found:
            return {"metric": found.group(1)}
    return {}


def guess_table(file: str, columns: list[str]) -> str:
    """The table a file most likely holds: its required columns found by name (a guessed constant counts),
    then the share of the file's columns it explains, then words in the file name."""

    def fit(table: str) -> float:
        guess = guess_mapping(table, columns)
        constants = guess_constants(table, file, guess)
        required = [c.name for c in TABLES[table].columns if not c.nullable]
        found = sum(0.9 if c in constants else _score(table, c, guess[c]) if guess[c] else 0 for c in required)
        explained = sum(1 for s in guess.values() if s) / max(len(columns), 1)
        words = re.split(r"[^a-z]+", Path(file).stem.lower())
        named = any(w.startswith(word) for w in words for word in TABLE_WORDS[table])
        return found / len(required) + 0.5 * explained + (0.5 if named else 0.0)

    return max(TABLES, key=fit)


def guess_table_mapping(file: str, columns: list[str], table: str | None = None) -> TableMapping:
    table = table or guess_table(file, columns)
    guess = guess_mapping(table, columns)
    constants = guess_constants(table, file, guess)
    return TableMapping(table, file, {c: s for c, s in guess.items() if c not in constants}, constants)
