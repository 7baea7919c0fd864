// Everything known about one country: its leaders and ministers, memberships, and every interaction it took part in.
// param: country (str) default=KAZ — the country's id (ISO 3166-1 alpha-3) or English name
MATCH (c:Country)
WHERE c.id = $country OR toLower(c.label) = toLower($country)
MATCH (c)-[r]-(x)
WHERE r.predicate IS NOT NULL
RETURN r.predicate AS relation,
       CASE WHEN r.key STARTS WITH (c.id + '|') THEN 'to' ELSE 'from' END AS direction,
       x.label AS other, x.type AS other_type, coalesce(r.date, r.first_seen) AS date,
       r.role AS role, r.count AS reports
ORDER BY relation, date, other
