//! The whole knowledge base as a Frictionless data package: one CSV table
//! per kind of record (authorities, quotations, profiles, every coded
//! parameter with its provenance, example scenarios and their expected
//! statuses, the debate's arguments, attacks, supports and audiences), the
//! same data as one JSON file, and a `datapackage.json` that describes every
//! table's fields, keys and links, versioned with the program. R
//! (`frictionless::read_package`), pandas or a spreadsheet read it as is.
//!
//! Pure: [`files`] returns each file's path and bytes; writing them to a
//! directory or a zip is for the caller.

use diligence_core::citation::Citation;
use diligence_kb::KnowledgeBase;
use serde_json::{json, Value};

/// A table: its name, description, fields (name, Frictionless type,
/// description), primary key, foreign keys (field, table, field) and rows.
struct Table {
    name: &'static str,
    description: &'static str,
    fields: Vec<(&'static str, &'static str, &'static str)>,
    primary_key: Vec<&'static str>,
    foreign_keys: Vec<(&'static str, &'static str, &'static str)>,
    rows: Vec<Vec<String>>,
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn cites(c: &[Citation]) -> String {
    c.iter()
        .map(|c| match &c.pinpoint {
            Some(p) => format!("{} {p}", c.authority),
            None => c.authority.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A value in a cell: strings as they are, anything else as JSON.
fn cell(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Every coded parameter of a profile (an object with `value` and
/// `provenance`), with its dotted path, in document order.
fn coded(v: &Value, path: &str, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(m) if m.contains_key("value") && m.contains_key("provenance") => {
            out.push((path.to_owned(), v.clone()));
        }
        Value::Object(m) => {
            for (k, x) in m {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                coded(x, &p, out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                coded(x, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

fn citation_list(v: &Value) -> String {
    let list: Vec<Citation> = serde_json::from_value(v.clone()).unwrap_or_default();
    cites(&list)
}

fn tables(kb: &KnowledgeBase) -> Vec<Table> {
    let authorities = Table {
        name: "authorities",
        description: "Cases, instruments, reports, scholarship and statements of position.",
        fields: vec![
            (
                "id",
                "string",
                "The authority's id, cited by profiles, quotations and arguments.",
            ),
            (
                "kind",
                "string",
                "case, arbitration, instrument, report, scholarship or position.",
            ),
            (
                "title",
                "string",
                "Its title, or the editors' description of it (see descriptive_title).",
            ),
            (
                "descriptive_title",
                "boolean",
                "Whether the title is the editors' description rather than the document's title.",
            ),
            (
                "author",
                "string",
                "Authors, for scholarship; empty where not known.",
            ),
            (
                "state",
                "string",
                "ISO 3166-1 alpha-3 code, for a State's position.",
            ),
            ("body", "string", "Court, tribunal, organ or institution."),
            ("year", "integer", "Year, where known."),
            (
                "date",
                "string",
                "Exact date as precisely as known (YYYY, YYYY-MM or YYYY-MM-DD).",
            ),
            (
                "published_in",
                "string",
                "Law report, journal or publisher, where known.",
            ),
            (
                "published_in_added_by_editors",
                "boolean",
                "Whether published_in is a standard law-report citation the editors added.",
            ),
            (
                "cited_in",
                "string",
                "For a work known only from another document's citation: that document and where.",
            ),
            ("citation", "string", "The citation in OSCOLA style."),
            (
                "summary",
                "string",
                "What it contributes, in the editors' words.",
            ),
            ("missing", "string", "What is not known of it."),
        ],
        primary_key: vec!["id"],
        foreign_keys: vec![],
        rows: kb
            .authorities
            .iter()
            .map(|a| {
                vec![
                    a.id.clone(),
                    cell(&json!(a.kind)),
                    a.title.clone(),
                    a.descriptive_title.to_string(),
                    opt(&a.author),
                    opt(&a.state),
                    opt(&a.body),
                    opt(&a.year),
                    opt(&a.date),
                    opt(&a.published_in),
                    a.published_in_added_by_editors.to_string(),
                    a.cited_in
                        .as_ref()
                        .map(|c| cites(std::slice::from_ref(c)))
                        .unwrap_or_default(),
                    a.citation_in(diligence_kb::CitationStyle::Oscola, None),
                    a.summary.trim().to_owned(),
                    opt(&a.missing),
                ]
            })
            .collect(),
    };
    let quotations = Table {
        name: "quotations",
        description: "Short quotations of the authorities, each from one of the two source texts the knowledge base is built on.",
        fields: vec![
            ("authority", "string", "The authority quoted."),
            ("text", "string", "The words, verbatim."),
            ("pinpoint", "string", "Where in the authority, as the source text gives it."),
            ("source", "string", "The authority id of the source text the words are taken from."),
            ("source_paragraph", "integer", "The paragraph of that source text."),
        ],
        primary_key: vec![],
        foreign_keys: vec![("authority", "authorities", "id"), ("source", "authorities", "id")],
        rows: kb
            .authorities
            .iter()
            .flat_map(|a| {
                a.quotes.iter().map(move |q| {
                    vec![
                        a.id.clone(),
                        q.text.clone(),
                        opt(&q.pinpoint),
                        q.seed.authority().to_owned(),
                        q.seed_para.to_string(),
                    ]
                })
            })
            .collect(),
    };
    let profiles = Table {
        name: "profiles",
        description: "Each doctrine and each State's or organisation's position, with its answers to the four open questions.",
        fields: vec![
            ("id", "string", "The profile's id."),
            ("kind", "string", "doctrine, state or organisation."),
            ("name", "string", "Its name."),
            ("year", "integer", "The year of the statement or work."),
            ("state", "string", "ISO 3166-1 alpha-3 code, for a State's position."),
            ("members", "integer", "For an organisation: how many member States."),
            ("summary", "string", "The reading, in the editors' words."),
            ("sources", "string", "The authorities it is coded from, with pinpoints, separated by '; '."),
            ("basis", "string", "What it grounds due diligence in."),
            ("legal_status", "string", "Open question 1: the legal status it gives due diligence."),
            ("scope_of_conduct", "string", "Open question 2: the conduct it requires (JSON list, or unspecified)."),
            ("knowledge", "string", "Open question 3: the knowledge that triggers it."),
            ("harm_threshold", "string", "Open question 4: the harm threshold."),
        ],
        primary_key: vec!["id"],
        foreign_keys: vec![],
        rows: kb
            .profiles
            .iter()
            .map(|p| {
                let v = serde_json::to_value(p).unwrap_or(Value::Null);
                let answer = |k: &str| cell(&v["answers"][k]["value"]);
                vec![
                    p.id.clone(),
                    cell(&json!(p.kind)),
                    p.name.clone(),
                    p.year.to_string(),
                    opt(&p.state),
                    opt(&p.members),
                    p.summary.trim().to_owned(),
                    cites(&p.sources),
                    cell(&v["basis"]["value"]),
                    answer("legal_status"),
                    answer("scope_of_conduct"),
                    answer("knowledge"),
                    answer("harm_threshold"),
                ]
            })
            .collect(),
    };
    let parameters = Table {
        name: "parameters",
        description: "Every coded parameter of every profile: its value, whether the cited source states it (explicit) or the editors inferred it, the citations with pinpoints, and the reason for an inference.",
        fields: vec![
            ("profile", "string", "The profile."),
            ("parameter", "string", "Where in the profile (answers.knowledge, obligations[0].trigger.harm, ...)."),
            ("value", "string", "The value (JSON for a list or a number)."),
            ("provenance", "string", "explicit: the cited source states this value at the pinpoint; inferred: the editors' reading, with the reason."),
            ("citations", "string", "The authorities with pinpoints, separated by '; '."),
            ("reason", "string", "Why the editors inferred the value (inferred only)."),
            ("imputed_by", "string", "Where the inference is a commentator's imputation: the passage that imputes it."),
            ("note", "string", "A remark for reviewers."),
        ],
        primary_key: vec!["profile", "parameter"],
        foreign_keys: vec![("profile", "profiles", "id")],
        rows: kb
            .profiles
            .iter()
            .flat_map(|p| {
                let mut found = Vec::new();
                coded(&serde_json::to_value(p).unwrap_or(Value::Null), "", &mut found);
                found.into_iter().map(|(path, c)| {
                    vec![
                        p.id.clone(),
                        path,
                        cell(&c["value"]),
                        cell(&c["provenance"]),
                        citation_list(&c["cite"]),
                        cell(&c["reason"]),
                        c.get("imputed_by")
                            .map(|i| citation_list(&json!([i])))
                            .unwrap_or_default(),
                        cell(&c["note"]),
                    ]
                })
            })
            .collect(),
    };
    let fact_names: Vec<&'static str> =
        diligence_core::Fact::ALL.iter().map(|f| f.name()).collect();
    let mut scenario_fields = vec![
        ("id", "string", "The example's name."),
        ("title", "string", "Its title."),
        (
            "catalogue",
            "string",
            "The beyond-cyber catalogue entry it illustrates, if any.",
        ),
    ];
    for name in &fact_names {
        scenario_fields.push((
            name,
            "string",
            "A fact: its value, a JSON list of the values it may have, or unknown.",
        ));
    }
    scenario_fields.push((
        "notes",
        "string",
        "The situation and its coding, in the editors' words.",
    ));
    let scenarios = Table {
        name: "scenarios",
        description: "The example situations, with their facts in the scenario format (version 2: a fact may be uncertain).",
        fields: scenario_fields,
        primary_key: vec!["id"],
        foreign_keys: vec![],
        rows: kb
            .scenarios
            .iter()
            .map(|e| {
                let facts = serde_json::to_value(e.scenario.facts).unwrap_or(Value::Null);
                let mut row = vec![e.name.clone(), e.scenario.title.clone(), opt(&e.scenario.catalogue)];
                row.extend(fact_names.iter().map(|f| cell(&facts[*f])));
                row.push(e.scenario.notes.clone().unwrap_or_default().trim().to_owned());
                row
            })
            .collect(),
    };
    let expected = Table {
        name: "expected",
        description: "The status each example situation must have under a profile (the data-driven tests of the engine).",
        fields: vec![
            ("scenario", "string", "The example."),
            ("profile", "string", "The profile."),
            ("status", "string", "The expected status."),
        ],
        primary_key: vec!["scenario", "profile"],
        foreign_keys: vec![("scenario", "scenarios", "id"), ("profile", "profiles", "id")],
        rows: kb
            .scenarios
            .iter()
            .flat_map(|e| {
                e.scenario
                    .expected
                    .iter()
                    .map(move |x| vec![e.name.clone(), x.profile.clone(), x.status.to_string()])
            })
            .collect(),
    };
    let arguments = Table {
        name: "arguments",
        description: "The scholarly debate over a general obligation of due diligence: its arguments.",
        fields: vec![
            ("id", "string", "The argument's id."),
            ("title", "string", "A short name."),
            ("claim", "string", "The claim, in the editors' words."),
            ("camp", "string", "general, specific or middle."),
            ("values", "string", "The values it promotes, main first, separated by '; '."),
            ("authorities", "string", "The authorities behind it, with pinpoints, separated by '; '."),
            ("editorial", "string", "Where the argument is the editors' reconstruction: what they read into it, and why."),
        ],
        primary_key: vec!["id"],
        foreign_keys: vec![],
        rows: kb
            .debate
            .arguments
            .iter()
            .map(|a| {
                vec![
                    a.id.clone(),
                    a.title.clone(),
                    a.claim.trim().to_owned(),
                    cell(&json!(a.camp)),
                    a.values.iter().map(|v| v.as_str()).collect::<Vec<_>>().join("; "),
                    cites(&a.authorities),
                    opt(&a.editorial),
                ]
            })
            .collect(),
    };
    let pairs = |name: &'static str,
                 description: &'static str,
                 pick: fn(&diligence_kb::debate::Argument) -> &Vec<String>| Table {
        name,
        description,
        fields: vec![
            ("from", "string", "The argument that attacks or supports."),
            ("to", "string", "The argument attacked or supported."),
        ],
        primary_key: vec!["from", "to"],
        foreign_keys: vec![("from", "arguments", "id"), ("to", "arguments", "id")],
        rows: kb
            .debate
            .arguments
            .iter()
            .flat_map(|a| pick(a).iter().map(move |t| vec![a.id.clone(), t.clone()]))
            .collect(),
    };
    let attacks = pairs(
        "attacks",
        "The attacks between the debate's arguments.",
        |a| &a.attacks,
    );
    let supports = pairs(
        "supports",
        "The supports between the debate's arguments.",
        |a| &a.supports,
    );
    let audiences = Table {
        name: "audiences",
        description: "The debate's audiences: orders on the values, most preferred first.",
        fields: vec![
            ("id", "string", "The audience's id."),
            ("name", "string", "Its name."),
            (
                "values",
                "string",
                "Every value, most preferred first, separated by '; '.",
            ),
            (
                "description",
                "string",
                "Who holds this view and why, in the editors' words.",
            ),
            (
                "sources",
                "string",
                "Where the view is stated, separated by '; '.",
            ),
        ],
        primary_key: vec!["id"],
        foreign_keys: vec![],
        rows: kb
            .debate
            .audiences
            .iter()
            .map(|a| {
                vec![
                    a.id.clone(),
                    a.name.clone(),
                    a.values
                        .iter()
                        .map(|v| v.as_str())
                        .collect::<Vec<_>>()
                        .join("; "),
                    a.description.trim().to_owned(),
                    cites(&a.sources),
                ]
            })
            .collect(),
    };
    vec![
        authorities,
        quotations,
        profiles,
        parameters,
        scenarios,
        expected,
        arguments,
        attacks,
        supports,
        audiences,
    ]
}

fn csv_bytes(t: &Table) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header: Vec<&str> = t.fields.iter().map(|f| f.0).collect();
    w.write_record(&header).map_err(|e| e.to_string())?;
    for row in &t.rows {
        w.write_record(row).map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

fn descriptor(t: &Table) -> Value {
    let fields: Vec<Value> = t
        .fields
        .iter()
        .map(|(name, kind, description)| json!({"name": name, "type": kind, "description": description}))
        .collect();
    let mut schema = json!({"fields": fields, "missingValues": [""]});
    if !t.primary_key.is_empty() {
        schema["primaryKey"] = json!(t.primary_key);
    }
    if !t.foreign_keys.is_empty() {
        schema["foreignKeys"] = t
            .foreign_keys
            .iter()
            .map(|(field, table, key)| json!({"fields": field, "reference": {"resource": table, "fields": key}}))
            .collect();
    }
    json!({
        "name": t.name, "path": format!("{}.csv", t.name), "profile": "tabular-data-resource",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "description": t.description, "schema": schema,
    })
}

/// The package's files: `datapackage.json`, one CSV per table and
/// `knowledge-base.json`, each as (path, bytes). `version` is the program's.
pub fn files(kb: &KnowledgeBase, version: &str) -> Result<Vec<(String, Vec<u8>)>, String> {
    let tables = tables(kb);
    let mut out = Vec::new();
    let mut resources: Vec<Value> = tables.iter().map(descriptor).collect();
    for t in &tables {
        out.push((format!("{}.csv", t.name), csv_bytes(t)?));
    }
    let whole = json!({
        "authorities": kb.authorities,
        "profiles": kb.profiles,
        "scenarios": kb.scenarios.iter().map(|e| {
            let sc = &e.scenario;
            json!({"id": e.name, "title": sc.title, "catalogue": sc.catalogue, "notes": sc.notes,
                "facts": sc.facts, "sources": sc.sources,
                "expected": sc.expected.iter().map(|x| json!({"profile": x.profile, "status": x.status.to_string()})).collect::<Vec<_>>()})
        }).collect::<Vec<_>>(),
        "debate": {"arguments": kb.debate.arguments, "audiences": kb.debate.audiences},
    });
    out.push((
        "knowledge-base.json".into(),
        crate::json::to_pretty(&whole).into_bytes(),
    ));
    resources.push(json!({
        "name": "knowledge-base", "path": "knowledge-base.json", "format": "json",
        "mediatype": "application/json", "encoding": "utf-8",
        "description": "The same knowledge base as one JSON document, in the program's own structure (authorities, profiles with every coded parameter, example scenarios, the debate).",
    }));
    let package = json!({
        "profile": "data-package",
        "name": "diligence-knowledge-base",
        "title": "Due diligence in international law: authorities, coded readings and the debate",
        "description": "The knowledge base of diligence: the authorities, each doctrine's and each State's or organisation's reading of due diligence coded as obligations with every parameter's provenance (explicit or inferred) and pinpoint citations, the example situations with their expected statuses, and the scholarly debate as an argument graph.",
        "version": version,
        "resources": resources,
    });
    out.insert(
        0,
        (
            "datapackage.json".into(),
            crate::json::to_pretty(&package).into_bytes(),
        ),
    );
    Ok(out)
}

/// The package's files in one zip archive (deflated), under a folder named
/// `diligence-knowledge-base-VERSION/`, built in memory.
pub fn zip(kb: &KnowledgeBase, version: &str) -> Result<Vec<u8>, String> {
    use std::io::Write as _;
    let mut archive = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let folder = format!("diligence-knowledge-base-{version}");
    for (path, bytes) in files(kb, version)? {
        archive
            .start_file(format!("{folder}/{path}"), options)
            .map_err(|e| e.to_string())?;
        archive.write_all(&bytes).map_err(|e| e.to_string())?;
    }
    let cursor = archive.finish().map_err(|e| e.to_string())?;
    Ok(cursor.into_inner())
}
