//! The JSON shapes of the public contract: an assessment (spec section 4),
//! a profile with the provenance of every parameter, the divergence over the
//! fact space, and the beyond-cyber implications.

use diligence_analysis::implications::{implications as implications_rows, Entry, Row};
use diligence_analysis::{Dendrogram, Divergence};
use diligence_core::citation::Coded;
use diligence_core::{Assessment, Facts, Profile};
use diligence_kb::{Authority, KnowledgeBase, Scenario};
use serde::Serialize;
use serde_json::{json, Map, Value};

/// Pretty JSON with a final newline, as every command prints it.
pub fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_else(|_| "null".to_string());
    s.push('\n');
    s
}

/// The spec's JSON (section 4), pretty, with a final newline: what
/// `diligence assess --format json` prints and `POST /api/v1/assess`
/// answers. Serialised straight from the engine's results, in the spec's
/// key order (scenario, then results).
pub fn assessment(scenario: &Scenario, results: &[Assessment]) -> String {
    #[derive(Serialize)]
    struct Head<'a> {
        title: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        notes: Option<&'a str>,
        facts: &'a Facts,
    }
    #[derive(Serialize)]
    struct Document<'a> {
        scenario: Head<'a>,
        results: &'a [Assessment],
    }
    let doc = Document {
        scenario: Head {
            title: &scenario.title,
            notes: scenario.notes.as_deref(),
            facts: &scenario.facts,
        },
        results,
    };
    let mut out = Vec::with_capacity(4096 + results.len() * 6144);
    match serde_json::to_writer_pretty(&mut out, &doc) {
        Ok(()) => {
            out.push(b'\n');
            String::from_utf8(out).unwrap_or_default()
        }
        Err(_) => "null\n".to_string(),
    }
}

fn provenance<T>(c: &Coded<T>) -> Value {
    let mut m = Map::new();
    m.insert("provenance".into(), json!(c.provenance));
    m.insert("cite".into(), json!(c.cite));
    if let Some(r) = &c.reason {
        m.insert("reason".into(), json!(r));
    }
    if let Some(n) = &c.note {
        m.insert("note".into(), json!(n));
    }
    Value::Object(m)
}

/// One profile as JSON: the plain values of every parameter and answer, and
/// their provenance beside them.
pub fn profile(p: &Profile) -> Value {
    let obligations: Vec<Value> = p
        .obligations
        .iter()
        .map(|o| {
            let mut prov = Map::new();
            prov.insert("binding".into(), provenance(&o.binding));
            prov.insert("domains".into(), provenance(&o.domains));
            prov.insert("covers_transit".into(), provenance(&o.covers_transit));
            prov.insert(
                "covers_controlled_infrastructure".into(),
                provenance(&o.covers_controlled_infrastructure),
            );
            prov.insert(
                "requires_contrary_to_rights".into(),
                provenance(&o.requires_contrary_to_rights),
            );
            prov.insert("harm_threshold".into(), provenance(&o.harm_threshold));
            prov.insert(
                "knowledge_standard".into(),
                provenance(&o.knowledge_standard),
            );
            prov.insert("conduct".into(), provenance(&o.conduct));
            prov.insert("countermeasures".into(), provenance(&o.countermeasures));
            json!({
                "id": o.id,
                "title": o.title,
                "binding": o.binding.value,
                "domains": o.domains.value,
                "covers_transit": o.covers_transit.value,
                "covers_controlled_infrastructure": o.covers_controlled_infrastructure.value,
                "requires_contrary_to_rights": o.requires_contrary_to_rights.value,
                "harm_threshold": o.harm_threshold.value,
                "knowledge_standard": o.knowledge_standard.value,
                "conduct": o.conduct.value,
                "countermeasures": o.countermeasures.value,
                "authorities": o.authorities(),
                "provenance": prov,
            })
        })
        .collect();
    let a = &p.answers;
    json!({
        "id": p.id,
        "kind": p.kind,
        "name": p.name,
        "year": p.year,
        "state": p.state,
        "members": p.members,
        "summary": p.summary.trim(),
        "basis": p.basis.value,
        "legal_status": a.legal_status.value,
        "scope_of_conduct": a.scope_of_conduct.value,
        "knowledge": a.knowledge.value,
        "harm_threshold": a.harm_threshold.value,
        "provenance": {
            "basis": provenance(&p.basis),
            "legal_status": provenance(&a.legal_status),
            "scope_of_conduct": provenance(&a.scope_of_conduct),
            "knowledge": provenance(&a.knowledge),
            "harm_threshold": provenance(&a.harm_threshold),
        },
        "sources": p.sources,
        "classifications": p.classifications,
        "obligations": obligations,
        "authorities": p.authorities(),
    })
}

/// The divergence of the profiles over the fact space, with the clusters.
pub fn divergence(d: &Divergence, tree: &Dendrogram) -> Value {
    json!({
        "situations": d.situations,
        "profiles": d.profiles,
        "distribution": d.distribution,
        "disagreements": d.disagreements,
        "breach_disagreements": d.breach_disagreements,
        "breach_only": d.breach_only,
        "classes": d.classes,
        "clusters": tree.merges,
        "cluster_order": tree.leaf_order().iter().map(|&i| &d.profiles[i]).collect::<Vec<_>>(),
    })
}

/// The catalogue entries of the knowledge base (the scenarios that carry a
/// `catalogue` label), in the knowledge base's order.
pub fn catalogue(kb: &KnowledgeBase) -> Vec<Entry<'_>> {
    kb.scenarios
        .iter()
        .filter_map(|s| {
            s.scenario.catalogue.as_deref().map(|label| Entry {
                label,
                scenario: &s.name,
                facts: s.scenario.facts,
            })
        })
        .collect()
}

/// Every catalogue entry assessed against every profile given.
pub fn implication_rows(kb: &KnowledgeBase, profiles: &[&Profile]) -> Vec<Row> {
    implications_rows(&catalogue(kb), profiles)
}

/// The implications table as JSON.
pub fn implications(profiles: &[&Profile], rows: &[Row]) -> Value {
    json!({ "profiles": profiles.iter().map(|p| &p.id).collect::<Vec<_>>(), "catalogue": rows })
}

/// One profile with the OSCOLA citation of every authority it relies on, as
/// `diligence profile ID --format json` prints it.
pub fn profile_with_citations(kb: &KnowledgeBase, p: &Profile) -> Value {
    let mut v = profile(p);
    let cites: Vec<Value> = p
        .authorities()
        .iter()
        .filter_map(|id| kb.authority(id))
        .map(|a| json!({ "id": a.id, "citation": a.citation(None) }))
        .collect();
    v["citations"] = Value::Array(cites);
    v
}

/// One authority with its OSCOLA citation.
pub fn authority(a: &Authority) -> Value {
    let mut v = serde_json::to_value(a).unwrap_or(Value::Null);
    v["citation"] = json!(a.citation(None));
    v
}
