// Sanctions: who imposed sanctions on whom, and when.
// param: since (date) default=0001-01-01 — earliest date, inclusive; undated ones are listed only when no range is given
// param: limit (int) default=1000 — how many rows to list at most
MATCH (a)-[r:SANCTIONED]->(b)
WITH a, r, b, coalesce(r.date, r.first_seen) AS day
WHERE (day IS NULL AND $since = "0001-01-01") OR day >= $since
RETURN day AS date, a.label AS sanctioner, b.label AS target, r.count AS reports, r.docs AS docs
ORDER BY date, sanctioner, target
LIMIT $limit
