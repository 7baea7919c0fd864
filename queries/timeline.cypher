// A dated timeline of interactions, for every actor or for one.
// param: actor (str) default= — id or English name of one actor; empty for all; undated ones are listed only when no range is given
// param: since (date) default=0001-01-01 — earliest date, inclusive
// param: until (date) default=9999-12-31 — latest date, inclusive
// param: limit (int) default=200 — how many events to list
// The actor test sits in a CASE so LadybugDB skips the per-row toLower() when no actor is given;
// the date test is parenthesised so an actor filter applies to undated events too.
MATCH (a)-[r:CALLED|MET|VISITED|IN_CONTACT_WITH|INFORMED|NEGOTIATED_WITH|SIGNED_AGREEMENT_WITH|SUPPORTED|PROVIDED_AID_TO|DEPLOYED_FORCES_TO|ACCUSED|THREATENED|SANCTIONED|DECLARED_EMERGENCY|DISMISSED|APPOINTED|ATTACKED|PROTESTED_IN]->(b)
WITH a, r, b, coalesce(r.date, r.first_seen) AS day
WHERE ((day IS NULL AND $since = "0001-01-01" AND $until = "9999-12-31")
       OR (day >= $since AND day <= $until))
  AND CASE WHEN $actor = '' THEN true
           ELSE a.id = $actor OR b.id = $actor
                OR toLower(a.label) = toLower($actor) OR toLower(b.label) = toLower($actor) END
RETURN day AS date, a.label AS subject, r.predicate AS predicate, b.label AS object,
       r.count AS reports
ORDER BY date, subject, predicate, object
LIMIT $limit
