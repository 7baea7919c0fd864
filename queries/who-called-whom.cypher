// Who called whom: telephone calls between leaders and states, with their date and number of reports.
// param: since (date) default=0001-01-01 — earliest call date, inclusive (an undated call counts from the day it was first reported; calls with no date at all are listed only when no range is given)
// param: until (date) default=9999-12-31 — latest call date, inclusive
// param: limit (int) default=1000 — how many rows to list at most
MATCH (a)-[r:CALLED]->(b)
WITH a, r, b, coalesce(r.date, r.first_seen) AS day
WHERE (day IS NULL AND $since = "0001-01-01" AND $until = "9999-12-31")
   OR (day >= $since AND day <= $until)
RETURN a.label AS caller, b.label AS callee, day AS date, r.count AS reports, r.docs AS docs,
       a.id AS caller_id, b.id AS callee_id
ORDER BY date, caller, callee
LIMIT $limit
