// Members of an organisation: the states and bodies in it, and the people who lead it, hold its offices or speak for it.
// param: org (str) default=org:csto — the organisation's id or English name
MATCH (o:Organization)
WHERE o.id = $org OR toLower(o.label) = toLower($org)
MATCH (m)-[r:MEMBER_OF|PART_OF|LEADER_OF|OFFICIAL_OF|SPOKESPERSON_OF]->(o)
RETURN m.label AS member, m.type AS member_type, r.predicate AS relation, r.role AS role,
       r.count AS reports, m.id AS member_id
ORDER BY relation, member
