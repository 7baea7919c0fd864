// A leader's contacts: everyone they called, met, visited, negotiated with or otherwise dealt with, either way.
// param: leader (str) default=person:vladimir-putin — the person's id or English name
MATCH (p:Person)
WHERE p.id = $leader OR toLower(p.label) = toLower($leader)
MATCH (p)-[r:CALLED|MET|VISITED|IN_CONTACT_WITH|INFORMED|NEGOTIATED_WITH|SIGNED_AGREEMENT_WITH|SUPPORTED|PROVIDED_AID_TO|ACCUSED|THREATENED|SANCTIONED|DISMISSED|APPOINTED]-(other)
RETURN other.label AS contact, other.type AS contact_type, r.predicate AS relation,
       CASE WHEN r.key STARTS WITH (p.id + '|') THEN 'to' ELSE 'from' END AS direction,
       coalesce(r.date, r.first_seen) AS date, r.count AS reports, other.id AS contact_id
ORDER BY date, contact, relation
