// The most connected actors: how many relations touch each person, state or organisation, and how often they were reported.
// param: limit (int) default=10 — how many actors to list
MATCH (a:Person|Country|Organization)-[r]-(b)
RETURN a.label AS actor, a.type AS type, count(r) AS degree, sum(r.count) AS reports,
       count(DISTINCT b) AS neighbours, a.id AS id
ORDER BY degree DESC, reports DESC, id
LIMIT $limit
