//! The OpenAPI 3.1 document of the API, generated from the handlers'
//! annotations; the schema of the facts is built from the engine's own
//! closed sets of values, so the document cannot drift from what the
//! server accepts.

use crate::api;
use crate::ledger;
use crate::problem::Problem;
use crate::store::Saved;
use crate::views::{DebateView, DivergenceView, ImplicationsView};
use diligence_core::facts::Fact;
use diligence_core::obligation::Parameter;
use diligence_core::uncertain::UNKNOWN;
use diligence_core::{Status, Verdict};
use serde_json::json;
use utoipa::openapi::schema::{
    AdditionalProperties, ArrayBuilder, ObjectBuilder, OneOfBuilder, Schema, Type,
};
use utoipa::openapi::RefOr;
use utoipa::{OpenApi, PartialSchema, ToSchema};

fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

fn boolean() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::Boolean)
}

fn array(items: impl Into<utoipa::openapi::schema::ArrayItems>) -> ArrayBuilder {
    ArrayBuilder::new().items(items)
}

fn strings() -> ArrayBuilder {
    array(string())
}

fn closed(names: &[&str]) -> ObjectBuilder {
    string().enum_values(Some(names.iter().copied()))
}

/// A value of type `t`, or null.
fn nullable(t: Type) -> ObjectBuilder {
    ObjectBuilder::new().schema_type(utoipa::openapi::schema::SchemaType::from_iter([
        t,
        Type::Null,
    ]))
}

/// Another statement of the same State: its id, name and date; or null.
fn statement() -> ObjectBuilder {
    nullable(Type::Object)
        .property("id", string())
        .property("name", string())
        .property("statement_date", string())
}

/// Declares a schema type whose body is built by a function.
macro_rules! schema {
    ($(#[$doc:meta])* $name:ident => $body:expr) => {
        $(#[$doc])*
        pub struct $name;
        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                $body.into()
            }
        }
        impl ToSchema for $name {}
    };
}

/// The schema of one value of a fact: a string from its list, or a boolean.
fn fact_value(fact: Fact) -> ObjectBuilder {
    if fact.is_boolean() {
        boolean()
    } else {
        closed(fact.values())
    }
}

schema! {
    /// The facts object of the spec (sections 1.1 and 1.2): every fact but
    /// `continuing` required, no other key; each fact a value, a list of its
    /// possible values, or `"unknown"`.
    FactsSchema => {
        let mut o = ObjectBuilder::new()
            .description(Some("The facts of a situation (docs/SCENARIO.md sections 1.1 and 1.2): each a value, a list of possible values, or \"unknown\""))
            .additional_properties(Some(AdditionalProperties::FreeForm(false)));
        for fact in Fact::ALL {
            let prop = OneOfBuilder::new()
                .description(Some(fact.help()))
                .item(fact_value(fact))
                .item(array(fact_value(fact)).min_items(Some(1)).unique_items(true))
                .item(closed(&[UNKNOWN]));
            o = o.property(fact.name(), prop);
            if fact.default_value().is_none() {
                o = o.required(fact.name());
            }
        }
        o.examples([json!({
            "domain": "cyber", "conduct_by": "non_state_actor", "territorial_link": "originates",
            "contrary_to_rights": true, "harm": "serious", "knowledge": ["notified", "actual"],
            "timing": "ongoing", "capacity": "feasible", "measures": "none"
        })])
    }
}

schema! {
    /// A scenario: bare facts, or a title, notes and facts.
    ScenarioInput => OneOfBuilder::new()
        .item(FactsSchema::schema())
        .item(
            ObjectBuilder::new()
                .property("title", string().max_length(Some(crate::facts::MAX_TITLE)).min_length(Some(1)))
                .property("notes", string().max_length(Some(crate::facts::MAX_NOTES)))
                .property("facts", FactsSchema::schema())
                .required("facts")
                .additional_properties(Some(AdditionalProperties::FreeForm(false))),
        )
}

schema! {
    /// A scenario to save: bare facts, or a title, notes (the narrative),
    /// the user's names for the territorial and the affected State, and
    /// facts.
    SavedScenarioInput => OneOfBuilder::new()
        .item(FactsSchema::schema())
        .item(
            ObjectBuilder::new()
                .property("title", string().max_length(Some(crate::facts::MAX_TITLE)).min_length(Some(1)))
                .property("notes", string().max_length(Some(crate::facts::MAX_NOTES)))
                .property("territorial_state", string().max_length(Some(crate::facts::MAX_STATE_NAME)))
                .property("affected_state", string().max_length(Some(crate::facts::MAX_STATE_NAME)))
                .property("facts", FactsSchema::schema())
                .required("facts")
                .additional_properties(Some(AdditionalProperties::FreeForm(false))),
        )
}

/// One obligation parameter an element tested: its value and provenance,
/// and for an inference its reason and whose it is.
fn tested() -> ObjectBuilder {
    ObjectBuilder::new()
        .property("parameter", closed(&Parameter::NAMES))
        .property("value", crate::views::CodedValue::schema())
        .property("provenance", closed(&["explicit", "inferred"]))
        .property("reason", string())
        .property("by", closed(&["editors", "imputation"]))
        .property(
            "imputed_by",
            ObjectBuilder::new()
                .property("authority", string())
                .property("pinpoint", string()),
        )
        .required("parameter")
        .required("value")
        .required("provenance")
}

schema! {
    /// What `diligence assess --format json` prints (spec section 4, with
    /// the outcomes, decisive facts and questions of sections 4.1 to 4.3).
    AssessmentSchema => {
        let trace = ObjectBuilder::new()
            .property("obligation", string())
            .property("element", string())
            .property("satisfied", ObjectBuilder::new().schema_type(utoipa::openapi::schema::SchemaType::from_iter([Type::Boolean, Type::Null])))
            .property("depends_on", array(closed(&Fact::NAMES)))
            .property("reason", string())
            .property("authorities", strings())
            .property("citations", array(ObjectBuilder::new().property("authority", string()).property("pinpoint", string())))
            .property("parameters", array(tested()))
            .property("provenance", closed(&["explicit", "inferred"]))
            .required("obligation").required("element").required("satisfied").required("reason").required("authorities");
        let outcome = || ObjectBuilder::new()
            .property("status", closed(Status::NAMES))
            .property("countermeasures", boolean())
            .required("status").required("countermeasures");
        let conditional = outcome()
            .property("when", array(ObjectBuilder::new().description(Some("A condition: uncertain facts, each with some of its possible values; {} holds in every case"))))
            .required("when");
        let change = ObjectBuilder::new()
            .property("fact", closed(&Fact::NAMES))
            .property("value", OneOfBuilder::new().item(string()).item(boolean()).description(Some("The other value (a string, or a boolean)")))
            .property("outcomes", array(outcome()))
            .required("fact").required("value").required("outcomes");
        let question = ObjectBuilder::new()
            .property("fact", closed(&Fact::NAMES))
            .property("undetermined_after", ObjectBuilder::new().schema_type(Type::Integer))
            .property("relevant", ObjectBuilder::new().schema_type(Type::Integer))
            .required("fact").required("undetermined_after").required("relevant");
        let inference = tested()
            .property("obligation", string())
            .required("obligation");
        let condition = ObjectBuilder::new()
            .property("condition", string())
            .property("requirement", string())
            .property("pinpoint", string())
            .required("condition").required("requirement").required("pinpoint");
        let result = ObjectBuilder::new()
            .property("profile", string())
            .property("status", closed(&Verdict::names()))
            .property("countermeasures", boolean())
            .property("outcomes", array(conditional))
            .property("decisive", array(change))
            .property("trace", array(trace))
            .property("obligations", array(ObjectBuilder::new()))
            .property("rests_on_inference", array(inference))
            .property("countermeasure_conditions", array(condition))
            .required("profile").required("status").required("countermeasures").required("trace");
        ObjectBuilder::new()
            .property(
                "scenario",
                ObjectBuilder::new()
                    .property("title", string())
                    .property("notes", string())
                    .property("facts", FactsSchema::schema())
                    .required("title")
                    .required("facts"),
            )
            .property("results", array(result))
            .property("questions", array(question))
            .required("scenario")
            .required("results")
    }
}

schema! {
    /// A profile: its answers, its obligations, and the provenance and
    /// citations of every coded parameter.
    ProfileSchema => ObjectBuilder::new()
        .property("id", string())
        .property("kind", closed(&["doctrine", "state", "organisation"]))
        .property("name", string())
        .property("year", ObjectBuilder::new().schema_type(Type::Integer))
        .property("summary", string())
        .property("legal_status", string())
        .property("obligations", array(ObjectBuilder::new()))
        .property("provenance", ObjectBuilder::new())
        .property("statement_date", string().description(Some("The date of the text coded, as precisely as the sources give it: YYYY-MM-DD, YYYY-MM or YYYY")))
        .property("superseded_by", statement().description(Some("The same State's next statement, or null")))
        .property("earlier_statement", statement().description(Some("The same State's previous statement, or null")))
        .required("id").required("kind").required("name").required("obligations")
}

schema! {
    /// An authority of the knowledge base, with its OSCOLA citation.
    AuthoritySchema => ObjectBuilder::new()
        .property("id", string())
        .property("kind", string())
        .property("title", string())
        .property("citation", string())
        .property("citing_values", array(ObjectBuilder::new()
            .property("profile", string())
            .property("profile_name", string())
            .property("obligation", nullable(Type::String))
            .property("obligation_title", nullable(Type::String))
            .property("parameter", string())
            .property("value", crate::views::CodedValue::schema())
            .property("provenance", closed(&["explicit", "inferred"]))
            .property("pinpoint", nullable(Type::String))
            .property("imputation", boolean())
            .required("profile").required("parameter").required("provenance"))
            .description(Some("One authority only: every coded value of a profile that cites it")))
        .property("debate_arguments", strings().description(Some("One authority only: the ids of the debate's arguments that cite it")))
        .required("id").required("citation")
}

schema! {
    /// A signed entry of the ledger: the record (JSON, canonicalised by RFC
    /// 8785 before signing), the sender's Ed25519 signature over the
    /// context `diligence-ledger-entry-v1\n` and the canonical record, and
    /// the sender's public key (both standard base64).
    SignedEntrySchema => ObjectBuilder::new()
        .property("record", ObjectBuilder::new()
            .property("case", string().min_length(Some(1)).max_length(Some(diligence_ledger::model::MAX_CASE_ID)))
            .property("kind", closed(&["notification", "acknowledgement", "request", "step", "reply", "closure"]))
            .property("from_state", string().description(Some("ISO 3166-1 alpha-3 code")))
            .property("from_contact", string().min_length(Some(1)).max_length(Some(diligence_ledger::model::MAX_CONTACT_NAME)))
            .property("claimed_time", string().description(Some("RFC 3339")))
            .property("previous", nullable(Type::String).description(Some("The hash of the case's previous entry (hex); null for a notification")))
            .property("body", ObjectBuilder::new().description(Some("The body of the kind")))
            .required("case").required("kind").required("from_state").required("from_contact")
            .required("claimed_time").required("body"))
        .property("signature", string().description(Some("Ed25519 signature, 64 bytes in base64")))
        .property("public_key", string().description(Some("Ed25519 public key, 32 bytes in base64")))
        .required("record").required("signature").required("public_key")
        .additional_properties(Some(AdditionalProperties::FreeForm(false)))
}

/// The bearer tokens of the ledger's points of contact and operators.
pub struct LedgerSecurity;

impl utoipa::Modify for LedgerSecurity {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("A point of contact's or an operator's token (`diligence ledger state add` prints one)"))
                    .build(),
            ),
        );
    }
}

/// The API's OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "diligence API",
        description = "Due diligence in international law, executable: the profiles of every reading, assessment of a situation against each, divergence over the fact space, the debate and saved scenarios. Errors are RFC 9457 problem details.",
        license(name = "Apache-2.0")
    ),
    paths(
        api::health, api::openapi_json, api::list_profiles, api::get_profile,
        api::list_authorities, api::get_authority, api::assess, api::divergence,
        api::implications, api::debate, api::list_scenarios, api::create_scenario,
        api::get_scenario, api::delete_scenario,
        ledger::checkpoint, ledger::verifier_key, ledger::tile, ledger::post_entry,
        ledger::list_cases, ledger::get_case, ledger::post_state, ledger::me
    ),
    modifiers(&LedgerSecurity),
    components(schemas(Problem, Saved, api::Health, FactsSchema, ScenarioInput, SavedScenarioInput, AssessmentSchema,
        ProfileSchema, AuthoritySchema, DivergenceView, ImplicationsView, DebateView,
        SignedEntrySchema, ledger::AppendedView, ledger::DeadlineView, ledger::CaseSummaryView,
        ledger::EntryView, ledger::PointView, ledger::ReadingView, ledger::AssessmentView,
        ledger::CaseView, ledger::NewContact, ledger::ContactToken, ledger::WhoView)),
    tags(
        (name = "server", description = "Health and this document"),
        (name = "profiles", description = "Doctrines and positions, coded"),
        (name = "authorities", description = "The knowledge base"),
        (name = "assess", description = "A situation against every reading"),
        (name = "analysis", description = "The whole fact space"),
        (name = "debate", description = "The argument graph"),
        (name = "scenarios", description = "Saved scenarios"),
        (name = "ledger", description = "The notification and response ledger: a transparency log of signed entries")
    )
)]
pub struct ApiDoc;

/// The document as pretty JSON.
pub fn document() -> String {
    ApiDoc::openapi()
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
