// Relations first reported on or after a date, newest first.
// param: since (date) default=0001-01-01 — earliest first-seen date, inclusive
// param: limit (int) default=100 — how many relations to list
MATCH (a)-[r]->(b)
WHERE r.first_seen >= $since
RETURN r.first_seen AS first_seen, a.label AS subject, r.predicate AS predicate, b.label AS object,
       r.date AS date, r.count AS reports, r.docs AS docs
ORDER BY first_seen DESC, subject, predicate, object
LIMIT $limit
