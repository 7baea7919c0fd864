// The shortest chain of relations linking two entities (any relation, either direction, up to 6 steps).
// param: source (str) default=person:sadyr-japarov — id or English name of the first entity
// param: target (str) default=person:nikol-pashinyan — id or English name of the second entity
// LadybugDB spelling; Neo4j runs shortest-path.neo4j.cypher.
MATCH p = (a:Person|Country|Organization|Location)-[* SHORTEST 1..6]-(b:Person|Country|Organization|Location)
WHERE (a.id = $source OR toLower(a.label) = toLower($source))
  AND (b.id = $target OR toLower(b.label) = toLower($target))
RETURN properties(nodes(p), 'label') AS path, properties(rels(p), 'predicate') AS relations,
       length(p) AS hops
