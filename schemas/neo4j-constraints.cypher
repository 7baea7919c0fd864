// Constraints and indexes of the kg graph in Neo4j 5.x / 2025.x, schema_version 1.
// Generated from kg.vocab by kg.store.neo4j_cypher.render_schema(); do not edit:
//   python -m kg.store.neo4j_cypher > schemas/neo4j-constraints.cypher
// Idempotent (IF NOT EXISTS): 'kg load --neo4j' runs them before every load; run
// them by hand after 'neo4j-admin database import full':
//   cypher-shell -a bolt://localhost:7687 -u neo4j -f neo4j-constraints.cypher

CREATE CONSTRAINT kg_person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT kg_country_id IF NOT EXISTS FOR (n:Country) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT kg_organization_id IF NOT EXISTS FOR (n:Organization) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT kg_location_id IF NOT EXISTS FOR (n:Location) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT kg_article_id IF NOT EXISTS FOR (n:Article) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT kg_evidence_id IF NOT EXISTS FOR (n:Evidence) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT kg_kgmeta_key IF NOT EXISTS FOR (n:KgMeta) REQUIRE n.key IS UNIQUE;
CREATE INDEX kg_person_label IF NOT EXISTS FOR (n:Person) ON (n.label);
CREATE INDEX kg_country_label IF NOT EXISTS FOR (n:Country) ON (n.label);
CREATE INDEX kg_organization_label IF NOT EXISTS FOR (n:Organization) ON (n.label);
CREATE INDEX kg_location_label IF NOT EXISTS FOR (n:Location) ON (n.label);
CREATE INDEX kg_evidence_edge_key IF NOT EXISTS FOR (n:Evidence) ON (n.edge_key);
CREATE INDEX kg_leader_of_key IF NOT EXISTS FOR ()-[r:LEADER_OF]-() ON (r.key);
CREATE INDEX kg_minister_of_key IF NOT EXISTS FOR ()-[r:MINISTER_OF]-() ON (r.key);
CREATE INDEX kg_spokesperson_of_key IF NOT EXISTS FOR ()-[r:SPOKESPERSON_OF]-() ON (r.key);
CREATE INDEX kg_official_of_key IF NOT EXISTS FOR ()-[r:OFFICIAL_OF]-() ON (r.key);
CREATE INDEX kg_member_of_key IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() ON (r.key);
CREATE INDEX kg_part_of_key IF NOT EXISTS FOR ()-[r:PART_OF]-() ON (r.key);
CREATE INDEX kg_located_in_key IF NOT EXISTS FOR ()-[r:LOCATED_IN]-() ON (r.key);
CREATE INDEX kg_called_key IF NOT EXISTS FOR ()-[r:CALLED]-() ON (r.key);
CREATE INDEX kg_met_key IF NOT EXISTS FOR ()-[r:MET]-() ON (r.key);
CREATE INDEX kg_visited_key IF NOT EXISTS FOR ()-[r:VISITED]-() ON (r.key);
CREATE INDEX kg_in_contact_with_key IF NOT EXISTS FOR ()-[r:IN_CONTACT_WITH]-() ON (r.key);
CREATE INDEX kg_informed_key IF NOT EXISTS FOR ()-[r:INFORMED]-() ON (r.key);
CREATE INDEX kg_negotiated_with_key IF NOT EXISTS FOR ()-[r:NEGOTIATED_WITH]-() ON (r.key);
CREATE INDEX kg_signed_agreement_with_key IF NOT EXISTS FOR ()-[r:SIGNED_AGREEMENT_WITH]-() ON (r.key);
CREATE INDEX kg_supported_key IF NOT EXISTS FOR ()-[r:SUPPORTED]-() ON (r.key);
CREATE INDEX kg_provided_aid_to_key IF NOT EXISTS FOR ()-[r:PROVIDED_AID_TO]-() ON (r.key);
CREATE INDEX kg_deployed_forces_to_key IF NOT EXISTS FOR ()-[r:DEPLOYED_FORCES_TO]-() ON (r.key);
CREATE INDEX kg_accused_key IF NOT EXISTS FOR ()-[r:ACCUSED]-() ON (r.key);
CREATE INDEX kg_threatened_key IF NOT EXISTS FOR ()-[r:THREATENED]-() ON (r.key);
CREATE INDEX kg_sanctioned_key IF NOT EXISTS FOR ()-[r:SANCTIONED]-() ON (r.key);
CREATE INDEX kg_declared_emergency_key IF NOT EXISTS FOR ()-[r:DECLARED_EMERGENCY]-() ON (r.key);
CREATE INDEX kg_dismissed_key IF NOT EXISTS FOR ()-[r:DISMISSED]-() ON (r.key);
CREATE INDEX kg_appointed_key IF NOT EXISTS FOR ()-[r:APPOINTED]-() ON (r.key);
CREATE INDEX kg_attacked_key IF NOT EXISTS FOR ()-[r:ATTACKED]-() ON (r.key);
CREATE INDEX kg_protested_in_key IF NOT EXISTS FOR ()-[r:PROTESTED_IN]-() ON (r.key);
