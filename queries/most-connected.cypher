// The most connected actors: how many relations touch each person, state or organisation, and how often they were reported.
// param: limit (int) default=10 — how many actors to list
// Two passes: rank every actor by degree and reports (cheap counts), then count distinct
// neighbours only for the actors kept; count(DISTINCT b) over every relation is the slow part.
// Keep a MATCH between that LIMIT and the next aggregate: LadybugDB 0.22 ignores an ORDER BY whose
// LIMIT feeds an aggregation directly (it would keep arbitrary actors).
MATCH (a:Person|Country|Organization)-[r]-(:Person|Country|Organization|Location)
WITH a, count(r) AS degree, sum(r.count) AS reports
ORDER BY degree DESC, reports DESC, a.id
LIMIT $limit
MATCH (a)-[]-(b:Person|Country|Organization|Location)
WITH a, degree, reports, count(DISTINCT b) AS neighbours
RETURN a.label AS actor, a.type AS type, degree, reports, neighbours, a.id AS id
ORDER BY degree DESC, reports DESC, id
