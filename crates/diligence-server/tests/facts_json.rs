//! The JSON and query-string readers of the API and pages under arbitrary
//! input: they never panic, every rejection is a 4xx problem naming the
//! fact, and every valid facts object (definite or uncertain, bare or inside
//! a scenario, or as a query string) reads back to the same facts.

use diligence_core::{Fact, UncertainFacts, Values};
use diligence_server::facts::{facts_from_pairs, query_string, scenario_from_json};
use proptest::prelude::*;
use serde_json::{json, Value};

/// Random scenarios: each fact a random non-empty set of its values (one
/// value, several, or all of them).
fn uncertain() -> impl Strategy<Value = UncertainFacts> {
    let sets: Vec<_> = Fact::ALL
        .iter()
        .map(|f| {
            let all = Values::all(*f).bits();
            prop_oneof![
                (0..f.arity()).prop_map(Values::one),
                (1..=all).prop_map(Values::from_bits),
            ]
        })
        .collect();
    sets.prop_map(|sets| {
        let arr: [Values; Fact::COUNT] = sets.try_into().expect("one set per fact");
        UncertainFacts::from_sets(arr).expect("non-empty sets within each list")
    })
}

fn pairs_of(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter_map(|kv| {
            kv.split_once('=')
                .map(|(k, v)| (k.to_string(), v.to_string()))
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        if let Err(p) = scenario_from_json(&bytes) {
            prop_assert!((400..500).contains(&p.status));
            prop_assert!(!p.detail.is_empty());
        }
    }

    #[test]
    fn arbitrary_query_strings_never_panic(pairs in proptest::collection::vec(("[a-z_]{0,20}", "[a-z_,]{0,30}"), 0..12)) {
        if let Err(p) = facts_from_pairs(&pairs) {
            prop_assert!((400..500).contains(&p.status));
            prop_assert!(p.field.as_deref().is_some_and(|f| Fact::from_name(f).is_some()));
        }
    }

    #[test]
    fn every_scenario_reads_back_bare_wrapped_and_as_a_query(u in uncertain(), title in "[A-Za-z0-9<][^\u{0}]{0,49}") {
        let facts = serde_json::to_value(u).expect("facts serialise");
        let bare = scenario_from_json(facts.to_string().as_bytes()).expect("valid facts");
        prop_assert_eq!(bare.facts, u);
        let wrapped = json!({ "title": title, "facts": facts });
        let sc = scenario_from_json(wrapped.to_string().as_bytes()).expect("a valid scenario");
        prop_assert_eq!(sc.facts, u);
        prop_assert_eq!(facts_from_pairs(&pairs_of(&query_string(&sc.facts, None))).expect("a valid query"), u);
    }

    #[test]
    fn any_edit_of_one_fact_is_accepted_or_names_that_fact(
        u in uncertain(),
        which in 0usize..Fact::COUNT,
        replacement in prop_oneof![
            Just(Value::Null), any::<bool>().prop_map(Value::Bool), any::<i64>().prop_map(|n| json!(n)),
            "[a-z_]{0,20}".prop_map(Value::String), Just(json!([])), Just(json!({})), Just(json!("unknown")),
            proptest::collection::vec("[a-z_]{0,12}", 1..4).prop_map(|v| json!(v)),
            proptest::collection::vec(any::<bool>(), 1..3).prop_map(|v| json!(v)),
            Just(json!(["unknown"])), Just(json!(["notified", "notified"])),
        ],
        drop in any::<bool>(),
    ) {
        let mut facts = serde_json::to_value(u).expect("facts serialise");
        let fact = Fact::ALL[which];
        let obj = facts.as_object_mut().expect("an object");
        if drop { obj.remove(fact.name()); } else { obj.insert(fact.name().to_string(), replacement); }
        match scenario_from_json(facts.to_string().as_bytes()) {
            Ok(sc) => {
                // What was accepted reads back the same when written again.
                let again = serde_json::to_value(sc.facts).expect("serialise");
                prop_assert_eq!(scenario_from_json(again.to_string().as_bytes()).expect("valid").facts, sc.facts);
                if drop { prop_assert_eq!(fact, Fact::Continuing); }
            }
            Err(p) => {
                prop_assert_eq!(p.status, 422);
                prop_assert_eq!(p.field.as_deref(), Some(fact.name()));
                prop_assert!(p.allowed.is_some());
            }
        }
    }
}

#[test]
fn a_fact_given_twice_is_refused_by_name() {
    let body = br#"{"domain": "cyber", "conduct_by": "non_state_actor", "territorial_link": "originates",
        "contrary_to_rights": true, "harm": "serious", "knowledge": ["notified"], "knowledge": ["actual"],
        "timing": "ongoing", "capacity": "feasible", "measures": "none"}"#;
    let p = scenario_from_json(body).expect_err("a repeated key");
    assert_eq!(p.status, 422);
    assert_eq!(p.field.as_deref(), Some("knowledge"));
}
