//! The JSON reader of the API under arbitrary input: it never panics, every
//! rejection is a 4xx problem, and every valid facts object (bare or inside a
//! scenario) reads back to the same facts.

use diligence_core::space;
use diligence_server::facts::{facts_from_pairs, query_string, scenario_from_json};
use proptest::prelude::*;
use serde_json::{json, Value};

fn facts_json(i: usize) -> Value {
    serde_json::to_value(space::situation(i % space::SIZE).expect("in the space"))
        .expect("facts serialise")
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
    fn every_situation_reads_back_bare_and_wrapped(i in 0usize..space::SIZE, title in "[A-Za-z0-9<][^\u{0}]{0,49}") {
        let facts = facts_json(i);
        let bare = scenario_from_json(facts.to_string().as_bytes()).expect("valid facts");
        prop_assert_eq!(Some(bare.facts), space::situation(i));
        let wrapped = json!({ "title": title, "facts": facts });
        let sc = scenario_from_json(wrapped.to_string().as_bytes()).expect("a valid scenario");
        prop_assert_eq!(Some(sc.facts), space::situation(i));
        let pairs: Vec<(String, String)> = query_string(&sc.facts, None)
            .split('&')
            .filter_map(|kv| kv.split_once('=').map(|(k, v)| (k.to_string(), v.to_string())))
            .collect();
        prop_assert_eq!(facts_from_pairs(&pairs).expect("a valid query"), sc.facts);
    }

    #[test]
    fn any_edit_of_one_fact_is_accepted_or_names_that_fact(
        i in 0usize..space::SIZE,
        which in 0usize..9,
        replacement in prop_oneof![
            Just(Value::Null), any::<bool>().prop_map(Value::Bool), any::<i64>().prop_map(|n| json!(n)),
            "[a-z_]{0,20}".prop_map(Value::String), Just(json!([])), Just(json!({})),
        ],
        drop in any::<bool>(),
    ) {
        let mut facts = facts_json(i);
        let name = diligence_core::facts::FACT_NAMES[which];
        let obj = facts.as_object_mut().expect("an object");
        if drop { obj.remove(name); } else { obj.insert(name.to_string(), replacement); }
        match scenario_from_json(facts.to_string().as_bytes()) {
            Ok(sc) => prop_assert_eq!(serde_json::to_value(sc.facts).expect("serialise"), facts),
            Err(p) => {
                prop_assert_eq!(p.status, 422);
                prop_assert_eq!(p.field.as_deref(), Some(name));
                prop_assert!(p.allowed.is_some());
            }
        }
    }
}
