// The evidence behind one relation: each sentence that supports it, with its article and offsets.
// param: subject (str) default=person:vladimir-putin — id or English name of the subject
// param: predicate (str) default=CALLED — the relation, e.g. CALLED, MEMBER_OF, LEADER_OF
// param: object (str) default=person:kassym-jomart-tokayev — id or English name of the object
MATCH (a)-[r]->(b)
WHERE r.predicate = $predicate
  AND (a.id = $subject OR toLower(a.label) = toLower($subject))
  AND (b.id = $object OR toLower(b.label) = toLower($object))
MATCH (e:Evidence {edge_key: r.key})-[:EVIDENCE_IN]->(d:Article)
RETURN r.date AS date, e.doc_id AS doc_id, d.title AS title, d.url AS url, e.lang AS lang,
       e.sentence AS sentence, e.start AS start, e.`end` AS `end`, e.confidence AS confidence
ORDER BY date, doc_id, start
