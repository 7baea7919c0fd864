// The evidence behind one relation: each sentence that supports it, with its article and offsets.
// param: subject (str) default=person:vladimir-putin — id or English name of the subject
// param: predicate (str) default=CALLED — the relation, e.g. CALLED, MEMBER_OF, LEADER_OF
// param: object (str) default=person:kassym-jomart-tokayev — id or English name of the object
// Entity labels keep the scans off Evidence/Article; the object test comes after the match so
// LadybugDB expands from the subject instead of joining two million-row scans; the evidence is
// reached from the relation's own doc ids (Article primary key, then that article's mentions)
// rather than by scanning every Evidence row for its edge_key.
MATCH (a:Person|Country|Organization|Location)
WHERE a.id = $subject OR toLower(a.label) = toLower($subject)
MATCH (a)-[r]->(b:Person|Country|Organization|Location)
WHERE r.predicate = $predicate
WITH r, b
WHERE b.id = $object OR toLower(b.label) = toLower($object)
UNWIND r.docs AS doc
MATCH (d:Article)
WHERE d.id = doc
WITH r, d
MATCH (e:Evidence)-[:EVIDENCE_IN]->(d)
WHERE e.edge_key = r.key
RETURN r.date AS date, e.doc_id AS doc_id, d.title AS title, d.url AS url, e.lang AS lang,
       e.sentence AS sentence, e.start AS start, e.`end` AS `end`, e.confidence AS confidence
ORDER BY date, doc_id, start
