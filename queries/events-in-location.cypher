// What happened in a place: visits, deployments, emergencies, protests and attacks there or in places inside it.
// param: location (str) default=KAZ — id or English name of a country or a location
MATCH (l:Country|Location)
WHERE l.id = $location OR toLower(l.label) = toLower($location)
OPTIONAL MATCH (inner:Location)-[:LOCATED_IN]->(l)
WITH l, collect(inner.id) AS inside
MATCH (who)-[r:VISITED|DEPLOYED_FORCES_TO|DECLARED_EMERGENCY|PROTESTED_IN|ATTACKED]->(site)
WHERE site.id = l.id OR site.id IN inside
RETURN coalesce(r.date, r.first_seen) AS date, who.label AS actor, r.predicate AS event,
       site.label AS place, r.count AS reports, r.docs AS docs
ORDER BY date, actor, event, place
