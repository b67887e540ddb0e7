//! The debate in the Argument Interchange Format (AIF), as AIFdb serves it
//! in JSON and OVA reads and writes it: `nodes` (I-nodes for the claims,
//! CA-nodes for conflicts, RA-nodes for inferences), `edges` between them,
//! and `locutions` (empty: the debate is not a dialogue).
//!
//! An attack of argument A on argument B is written I(A) → CA → I(B); a
//! support I(A) → RA → I(B). What AIF has no field for (the argument's id,
//! title, camp, values, authorities with their pinpoints, and the editors'
//! note where the argument is their reconstruction) is kept in an extension
//! field `diligence` of each I-node, which AIF readers ignore and
//! [`read`] uses when present.
//!
//! [`read`] takes any AIF map (one drawn in OVA, one from AIFdb): every
//! I-node is an argument; every CA-node makes each I-node premise attack
//! each I-node conclusion; every RA-node a support. Attacks on inferences
//! (a CA-node pointing at an RA-node) and the dialogue's nodes (L, YA, TA,
//! MA, PA) have no place in an abstract framework: they are counted and
//! reported, not read. Node and edge ids may be strings or numbers.

use crate::render_citation;
use diligence_core::citation::Citation;
use diligence_kb::debate::{Camp, Debate, Value};
use diligence_kb::KnowledgeBase;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;
use std::fmt;

/// The extension kept in an I-node under `diligence`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    /// The argument's id in the debate.
    pub id: String,
    /// Its short name.
    #[serde(default)]
    pub title: String,
    /// Its claim.
    #[serde(default)]
    pub claim: String,
    /// Its camp, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub camp: Option<Camp>,
    /// The values it promotes, the main one first (what an audience weighs).
    #[serde(default)]
    pub values: Vec<Value>,
    /// The authorities behind it, with their pinpoints.
    #[serde(default)]
    pub authorities: Vec<Citation>,
    /// The same authorities, cited in full.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<String>,
    /// Where the argument is the editors' reconstruction: what they read
    /// into it, and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub editorial: Option<String>,
}

/// The debate as an AIF JSON document.
pub fn write(kb: &KnowledgeBase, debate: &Debate) -> serde_json::Value {
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    let mut next = 0usize;
    let mut new_id = || {
        next += 1;
        next.to_string()
    };
    let mut node_of = HashMap::new();
    for a in &debate.arguments {
        let id = new_id();
        node_of.insert(a.id.as_str(), id.clone());
        let extension = Extension {
            id: a.id.clone(),
            title: a.title.clone(),
            claim: a.claim.trim().to_owned(),
            camp: Some(a.camp),
            values: a.values.clone(),
            authorities: a.authorities.clone(),
            citations: a
                .authorities
                .iter()
                .map(|c| render_citation(kb, c))
                .collect(),
            editorial: a.editorial.clone(),
        };
        nodes.push(json!({"nodeID": id, "text": a.claim.trim(), "type": "I",
            "diligence": extension}));
    }
    let edge = |from: &str, to: &str, edges: &mut Vec<serde_json::Value>, id: String| {
        edges.push(json!({"edgeID": id, "fromID": from, "toID": to}));
    };
    let mut scheme_nodes = Vec::new();
    for a in &debate.arguments {
        for (targets, kind, text) in [
            (&a.attacks, "CA", "Default Conflict"),
            (&a.supports, "RA", "Default Inference"),
        ] {
            for t in targets {
                let Some(to) = node_of.get(t.as_str()) else {
                    continue;
                };
                let s = new_id();
                scheme_nodes.push(json!({"nodeID": s, "text": text, "type": kind}));
                let (e1, e2) = (new_id(), new_id());
                edge(&node_of[a.id.as_str()], &s, &mut edges, e1);
                edge(&s, to, &mut edges, e2);
            }
        }
    }
    nodes.extend(scheme_nodes);
    json!({"nodes": nodes, "edges": edges, "locutions": []})
}

/// An argument read from an AIF map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapArgument {
    /// Its I-node's id.
    pub node: String,
    /// Its text.
    pub text: String,
    /// The diligence extension, when the map carries one.
    pub extension: Option<Extension>,
}

impl MapArgument {
    /// The id to show: the debate's id when the map carries it, otherwise
    /// the node's.
    pub fn id(&self) -> &str {
        self.extension.as_ref().map_or(&self.node, |e| &e.id)
    }

    /// The main value, when the map gives one.
    pub fn main_value(&self) -> Option<Value> {
        self.extension
            .as_ref()
            .and_then(|e| e.values.first().copied())
    }
}

/// An AIF map read as an argument graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Map {
    /// The I-nodes, in the file's order.
    pub arguments: Vec<MapArgument>,
    /// Attacks `(attacker, target)` over `arguments`, in the file's order.
    pub attacks: Vec<(usize, usize)>,
    /// Supports `(supporter, supported)`.
    pub supports: Vec<(usize, usize)>,
    /// What was not read, in words (attacks on inferences, dialogue nodes).
    pub not_read: Vec<String>,
}

impl Map {
    /// The main value of each argument (for [`crate::debate::label_graph`]).
    pub fn values(&self) -> Vec<Option<Value>> {
        self.arguments.iter().map(MapArgument::main_value).collect()
    }
}

/// Why an AIF document cannot be read, naming the node or edge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AifError(pub String);

impl fmt::Display for AifError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for AifError {}

#[derive(Deserialize)]
struct Doc {
    nodes: Vec<serde_json::Value>,
    edges: Vec<serde_json::Value>,
}

/// An id written as a string or a number.
fn id_of(v: &serde_json::Value, field: &str, at: &str) -> Result<String, AifError> {
    match v.get(field) {
        Some(serde_json::Value::String(s)) if !s.is_empty() => Ok(s.clone()),
        Some(serde_json::Value::Number(n)) => Ok(n.to_string()),
        Some(other) => Err(AifError(format!(
            "{at}: `{field}` must be a string or a number, not {other}"
        ))),
        None => Err(AifError(format!("{at}: no `{field}`"))),
    }
}

/// The node types AIF defines that an abstract framework does not read.
const DIALOGUE_TYPES: [&str; 5] = ["L", "YA", "TA", "MA", "PA"];

/// Reads an AIF JSON document (AIFdb's and OVA's shape).
pub fn read(text: &str) -> Result<Map, AifError> {
    let doc: Doc = serde_json::from_str(text).map_err(|e| {
        AifError(format!(
            "line {}, column {}: not an AIF JSON document ({e}); expected an object with `nodes` and `edges` arrays",
            e.line(),
            e.column()
        ))
    })?;
    let mut kind_of: HashMap<String, String> = HashMap::new();
    let mut arguments = Vec::new();
    let mut index_of: HashMap<String, usize> = HashMap::new();
    let mut not_read = Vec::new();
    for (i, node) in doc.nodes.iter().enumerate() {
        let id = id_of(node, "nodeID", &format!("nodes[{i}]"))?;
        let at = format!("nodes[{i}] (nodeID {id})");
        let kind = match node.get("type") {
            Some(serde_json::Value::String(t)) => t.clone(),
            _ => {
                return Err(AifError(format!(
                    "{at}: no `type` (one of I, RA, CA, MA, PA, L, YA, TA)"
                )))
            }
        };
        if kind_of.insert(id.clone(), kind.clone()).is_some() {
            return Err(AifError(format!("{at}: a second node with this nodeID")));
        }
        match kind.as_str() {
            "I" => {
                let text = node
                    .get("text")
                    .and_then(serde_json::Value::as_str)
                    .ok_or_else(|| AifError(format!("{at}: an I-node needs a `text`")))?;
                let extension = match node.get("diligence") {
                    None => None,
                    Some(e) => Some(serde_json::from_value(e.clone()).map_err(|err| {
                        AifError(format!("{at}: the `diligence` extension: {err}"))
                    })?),
                };
                index_of.insert(id.clone(), arguments.len());
                arguments.push(MapArgument {
                    node: id,
                    text: text.trim().to_owned(),
                    extension,
                });
            }
            "RA" | "CA" => {}
            t if DIALOGUE_TYPES.contains(&t) => {
                not_read.push(format!(
                    "{at}: type {t} (dialogue or preference), not part of an abstract framework"
                ));
            }
            other => {
                return Err(AifError(format!(
                    "{at}: unknown type `{other}` (AIF node types: I, RA, CA, MA, PA, L, YA, TA)"
                )))
            }
        }
    }
    // The premises and conclusions of each scheme node.
    let mut into: HashMap<String, Vec<String>> = HashMap::new();
    let mut out_of: HashMap<String, Vec<String>> = HashMap::new();
    let mut scheme_order: Vec<String> = Vec::new();
    for (i, edge) in doc.edges.iter().enumerate() {
        let id = id_of(edge, "edgeID", &format!("edges[{i}]")).unwrap_or_else(|_| format!("#{i}"));
        let at = format!("edges[{i}] (edgeID {id})");
        let from = id_of(edge, "fromID", &at)?;
        let to = id_of(edge, "toID", &at)?;
        for end in [&from, &to] {
            if !kind_of.contains_key(end) {
                return Err(AifError(format!(
                    "{at}: names node {end}, which is not in `nodes`"
                )));
            }
        }
        for (node, list, other) in [(&to, &mut into, &from), (&from, &mut out_of, &to)] {
            if matches!(kind_of[node].as_str(), "CA" | "RA") {
                if !scheme_order.contains(node) {
                    scheme_order.push(node.clone());
                }
                list.entry(node.clone()).or_default().push(other.clone());
            }
        }
    }
    let mut attacks = Vec::new();
    let mut supports = Vec::new();
    for s in &scheme_order {
        let kind = kind_of[s].as_str();
        let premises = into.get(s).cloned().unwrap_or_default();
        let conclusions = out_of.get(s).cloned().unwrap_or_default();
        let at = format!("node {s} ({kind})");
        if premises.is_empty() || conclusions.is_empty() {
            return Err(AifError(format!(
                "{at}: needs at least one edge into it and one out of it"
            )));
        }
        for c in &conclusions {
            let Some(&target) = index_of.get(c) else {
                not_read.push(format!(
                    "{at}: points at node {c}, a {}-node; only {} between I-nodes are read",
                    kind_of[c],
                    if kind == "CA" { "attacks" } else { "supports" }
                ));
                continue;
            };
            for p in &premises {
                let Some(&source) = index_of.get(p) else {
                    not_read.push(format!(
                        "{at}: comes from node {p}, a {}-node; only I-node premises are read",
                        kind_of[p]
                    ));
                    continue;
                };
                let pair = (source, target);
                let list = if kind == "CA" {
                    &mut attacks
                } else {
                    &mut supports
                };
                if !list.contains(&pair) {
                    list.push(pair);
                }
            }
        }
    }
    if arguments.is_empty() {
        return Err(AifError(
            "the map has no I-node: no argument to label".into(),
        ));
    }
    Ok(Map {
        arguments,
        attacks,
        supports,
        not_read,
    })
}
