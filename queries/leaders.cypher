// Who leads what: heads of state, government and organisations, ministers, with their role or portfolio.
// param: entity (str) default= — id or English name of one country or organisation; empty for all
MATCH (p:Person)-[r:LEADER_OF|MINISTER_OF]->(x)
WHERE $entity = '' OR x.id = $entity OR toLower(x.label) = toLower($entity)
RETURN x.label AS entity, p.label AS person, r.predicate AS relation,
       coalesce(r.role, r.portfolio) AS role, r.first_seen AS first_seen, r.last_seen AS last_seen,
       r.count AS reports
ORDER BY entity, relation, person
