// What happened in a place: visits, deployments, emergencies, protests and attacks there or in places inside it.
// param: location (str) default=KAZ — id or English name of a country or a location
// One pattern, the place itself (0 hops) or a place LOCATED_IN it (1 hop): LadybugDB then expands
// from the place instead of scanning every event relation and filtering on a collected id list.
MATCH (l:Country|Location)
WHERE l.id = $location OR toLower(l.label) = toLower($location)
MATCH (who:Person|Country|Organization|Location)-[r:VISITED|DEPLOYED_FORCES_TO|DECLARED_EMERGENCY|PROTESTED_IN|ATTACKED]->(site:Country|Location)-[:LOCATED_IN*0..1]->(l)
RETURN coalesce(r.date, r.first_seen) AS date, who.label AS actor, r.predicate AS event,
       site.label AS place, r.count AS reports, r.docs AS docs
ORDER BY date, actor, event, place
