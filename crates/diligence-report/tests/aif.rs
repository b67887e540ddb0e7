//! The debate in AIF: the shipped debate written and read back gives the
//! same framework and the same labels for every audience and semantics; a
//! map in AIFdb's shape (numeric-string ids, timestamps, locutions, L- and
//! YA-nodes) reads as its attacks say; bad maps are refused naming the node
//! or edge.

use diligence_argue::{Label, Semantics};
use diligence_kb::KnowledgeBase;
use diligence_report::aif;
use diligence_report::debate::{label, label_graph};

fn kb() -> &'static KnowledgeBase {
    KnowledgeBase::embedded().expect("the shipped data is valid")
}

#[test]
fn the_shipped_debate_round_trips_with_the_same_framework_and_labels() {
    let debate = &kb().debate;
    let written = serde_json::to_string(&aif::write(kb(), debate)).expect("JSON");
    let map = aif::read(&written).expect("reads back");
    let ids: Vec<&str> = map.arguments.iter().map(|a| a.id()).collect();
    let expected: Vec<&str> = debate.arguments.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, expected);
    assert_eq!(map.attacks, debate.attack_pairs());
    let supports: usize = debate.arguments.iter().map(|a| a.supports.len()).sum();
    assert_eq!(map.supports.len(), supports);
    assert!(map.not_read.is_empty(), "{:?}", map.not_read);
    for (a, m) in debate.arguments.iter().zip(&map.arguments) {
        let e = m.extension.as_ref().expect("the extension");
        assert_eq!(e.values, a.values);
        assert_eq!(e.authorities, a.authorities);
        assert_eq!(e.citations.len(), a.authorities.len());
        assert_eq!(m.text, a.claim.trim());
    }
    let audiences: Vec<Option<&diligence_kb::debate::Audience>> = std::iter::once(None)
        .chain(debate.audiences.iter().map(Some))
        .collect();
    for audience in audiences {
        for sem in [Semantics::Grounded, Semantics::Preferred, Semantics::Stable] {
            let shipped = label(debate, audience, sem).expect("labels");
            let read = label_graph(&map.values(), &map.attacks, audience, sem).expect("labels");
            assert_eq!(
                read.labels,
                shipped.labels,
                "{:?} {sem:?}",
                audience.map(|a| &a.id)
            );
            assert_eq!(read.defeats.attack_list(), shipped.defeats.attack_list());
        }
    }
}

#[test]
fn a_map_in_aifdb_shape_reads_as_its_attacks_say() {
    let text = include_str!("fixtures/aifdb-map.json");
    let map = aif::read(text).expect("reads");
    let ids: Vec<&str> = map.arguments.iter().map(|a| a.id()).collect();
    assert_eq!(ids, ["101", "102", "103"]);
    // 102 attacks 101 (through 104), 103 attacks 102 (through 105), and 103
    // supports 101 (through 106).
    assert_eq!(map.attacks, [(1, 0), (2, 1)]);
    assert_eq!(map.supports, [(2, 0)]);
    // The locution and its illocution are reported, not read.
    assert_eq!(map.not_read.len(), 2, "{:?}", map.not_read);
    assert!(map
        .not_read
        .iter()
        .any(|n| n.contains("nodeID 107") && n.contains("type L")));
    // The YA-node's edge into an I-node is not an argument either: only
    // scheme nodes make attacks.
    let labelled =
        label_graph(&map.values(), &map.attacks, None, Semantics::Grounded).expect("labels");
    assert_eq!(labelled.labels, [Label::In, Label::Out, Label::In]);
    // Without values, an audience cannot save an attacked argument.
    let audience = kb().debate.audiences.first();
    let with_audience =
        label_graph(&map.values(), &map.attacks, audience, Semantics::Grounded).expect("labels");
    assert_eq!(with_audience.labels, labelled.labels);
}

#[test]
fn numeric_ids_are_read_like_strings() {
    let text = r#"{"nodes": [{"nodeID": 1, "text": "A", "type": "I"}, {"nodeID": 2, "text": "B", "type": "I"},
        {"nodeID": 3, "text": "Default Conflict", "type": "CA"}],
        "edges": [{"edgeID": 1, "fromID": 1, "toID": 3}, {"edgeID": 2, "fromID": 3, "toID": 2}]}"#;
    let map = aif::read(text).expect("reads");
    assert_eq!(map.attacks, [(0, 1)]);
}

#[test]
fn bad_maps_are_refused_naming_the_node_or_edge() {
    let node = |id: &str, kind: &str| {
        format!(r#"{{"nodeID": "{id}", "text": "t{id}", "type": "{kind}"}}"#)
    };
    let edge = |id: &str, from: &str, to: &str| {
        format!(r#"{{"edgeID": "{id}", "fromID": "{from}", "toID": "{to}"}}"#)
    };
    let doc = |nodes: &[String], edges: &[String]| {
        format!(
            r#"{{"nodes": [{}], "edges": [{}]}}"#,
            nodes.join(","),
            edges.join(",")
        )
    };
    let (i1, i2, ca) = (node("1", "I"), node("2", "I"), node("3", "CA"));
    let cases: Vec<(String, &str)> = vec![
        ("{\"nodes\": [".into(), "line 1"),
        ("[1, 2]".into(), "expected an object"),
        (doc(&[i1.clone(), i1.clone()], &[]), "nodes[1] (nodeID 1): a second node"),
        (doc(&[i1.clone(), node("2", "XX")], &[]), "nodes[1] (nodeID 2): unknown type `XX`"),
        (doc(&[r#"{"nodeID": "1", "text": "x"}"#.into()], &[]), "nodes[0] (nodeID 1): no `type`"),
        (doc(&[r#"{"text": "x", "type": "I"}"#.into()], &[]), "nodes[0]: no `nodeID`"),
        (doc(&[r#"{"nodeID": "1", "type": "I"}"#.into()], &[]), "an I-node needs a `text`"),
        (
            doc(&[i1.clone(), i2.clone(), ca.clone()], &[edge("9", "1", "3"), edge("10", "3", "7")]),
            "edges[1] (edgeID 10): names node 7",
        ),
        (
            doc(&[i1.clone(), i2.clone(), ca.clone()], &[edge("9", "1", "3")]),
            "node 3 (CA): needs at least one edge into it and one out of it",
        ),
        (
            doc(&[r#"{"nodeID": "1", "text": "x", "type": "I", "diligence": {"values": ["kindness"]}}"#.into()], &[]),
            "nodes[0] (nodeID 1): the `diligence` extension",
        ),
        (doc(std::slice::from_ref(&ca), &[]), "no I-node"),
    ];
    for (text, words) in cases {
        let err = aif::read(&text).expect_err(&text).to_string();
        assert!(
            err.contains(words),
            "{text}\n  gave: {err}\n  expected: {words}"
        );
    }
}
