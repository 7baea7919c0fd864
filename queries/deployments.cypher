// Forces sent abroad: troop deployments and peacekeeping missions (CAMEO 074 / PLOVER AID), by date.
// param: since (date) default=0001-01-01 — earliest date, inclusive; undated ones are listed only when no range is given
// param: limit (int) default=1000 — how many rows to list at most
MATCH (a)-[r:DEPLOYED_FORCES_TO]->(b)
WITH a, r, b, coalesce(r.date, r.first_seen) AS day
WHERE (day IS NULL AND $since = "0001-01-01") OR day >= $since
RETURN day AS date, a.label AS sender, b.label AS destination, b.type AS destination_type,
       r.cameo AS cameo, r.plover AS plover, r.count AS reports
ORDER BY date, sender, destination
LIMIT $limit
