// The shortest chain of relations linking two entities (any relation, either direction, up to 6 steps).
// param: source (str) default=person:sadyr-japarov — id or English name of the first entity
// param: target (str) default=person:nikol-pashinyan — id or English name of the second entity
// Neo4j spelling of shortest-path.cypher.
MATCH (a:Person|Country|Organization|Location), (b:Person|Country|Organization|Location)
WHERE (a.id = $source OR toLower(a.label) = toLower($source))
  AND (b.id = $target OR toLower(b.label) = toLower($target))
  AND a <> b
MATCH p = shortestPath((a)-[*..6]-(b))
RETURN [n IN nodes(p) | n.label] AS path, [r IN relationships(p) | r.predicate] AS relations,
       length(p) AS hops
