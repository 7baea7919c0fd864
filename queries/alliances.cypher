// A country's alliances and memberships: the organisations it belongs to and the fellow members of each.
// param: country (str) default=KAZ — the country's id (ISO 3166-1 alpha-3) or its English name
MATCH (c:Country)
WHERE c.id = $country OR toLower(c.label) = toLower($country)
MATCH (c)-[m:MEMBER_OF]->(o:Organization)
OPTIONAL MATCH (other)-[:MEMBER_OF]->(o)
WHERE other.id <> c.id
RETURN c.label AS country, o.label AS organization, o.id AS organization_id,
       m.count AS reports, m.first_seen AS first_seen, collect(DISTINCT other.label) AS fellow_members
ORDER BY organization
