//! The OpenAPI 3.1 document of the API, generated from the handlers'
//! annotations. Every answer's schema is derived from the typed view that
//! writes it (`crate::views` and the views of `diligence-report`); the
//! request bodies' schemas are built from the engine's table of facts, so
//! the document cannot drift from what the server accepts and sends.

use crate::api;
use crate::ledger;
use crate::problem::Problem;
use crate::store::Saved;
use crate::views::{DebateView, DivergenceView, ImplicationsView};
use diligence_report::assessment::AssessmentView;
use diligence_report::authorities::{AuthorityView, CitedAuthorityView};
use diligence_report::profiles::{CitedProfileView, ProfileView};
pub use diligence_report::schema::FactsSchema;
use utoipa::openapi::schema::{AdditionalProperties, ObjectBuilder, OneOfBuilder, Schema, Type};
use utoipa::openapi::RefOr;
use utoipa::{OpenApi, PartialSchema, ToSchema};

fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
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

schema! {
    /// A signed entry of the ledger: the record (JSON, canonicalised by RFC
    /// 8785 before signing), the sender's Ed25519 signature over the
    /// context `diligence-ledger-entry-v1\n` and the canonical record, and
    /// the sender's public key (both standard base64).
    SignedEntrySchema => ObjectBuilder::new()
        .property("record", ObjectBuilder::new()
            .property("case", string().min_length(Some(1)).max_length(Some(diligence_ledger::model::MAX_CASE_ID)))
            .property("kind", string().enum_values(Some(["notification", "acknowledgement", "request", "step", "reply", "closure"])))
            .property("from_state", string().description(Some("ISO 3166-1 alpha-3 code")))
            .property("from_contact", string().min_length(Some(1)).max_length(Some(diligence_ledger::model::MAX_CONTACT_NAME)))
            .property("claimed_time", string().description(Some("RFC 3339")))
            .property("previous", string().pattern(Some("^[0-9a-f]{64}$")).description(Some("The hash of the case's previous entry (64 lower-case hexadecimal digits); absent for a notification")))
            .property("body", ObjectBuilder::new().description(Some("The body of the kind")))
            .required("case").required("kind").required("from_state").required("from_contact")
            .required("claimed_time").required("body")
            .additional_properties(Some(AdditionalProperties::FreeForm(false))))
        .property("signature", string().description(Some("Ed25519 signature, 64 bytes in base64")))
        .property("public_key", string().description(Some("Ed25519 public key, 32 bytes in base64")))
        .required("record").required("signature").required("public_key")
        .additional_properties(Some(AdditionalProperties::FreeForm(false)))
}

schema! {
    /// CSL-JSON items (the Citation Style Language's input format; its
    /// published schema is csl-data.json).
    CslItemsSchema => utoipa::openapi::schema::ArrayBuilder::new()
        .items(ObjectBuilder::new().description(Some("A CSL item: id, type, title, author, issued, note, ...")))
}

schema! {
    /// A zip archive.
    ZipSchema => string()
        .format(Some(utoipa::openapi::schema::SchemaFormat::KnownFormat(
            utoipa::openapi::schema::KnownFormat::Binary,
        )))
        .content_media_type("application/zip")
}

schema! {
    /// The debate as AIF JSON (AIFdb's shape): I-nodes (the claims, each with
    /// a `diligence` extension: id, title, camp, values, authorities),
    /// CA-nodes (conflicts) and RA-nodes (inferences), the edges between
    /// them, and no locutions.
    AifDocumentSchema => ObjectBuilder::new()
        .property("nodes", utoipa::openapi::schema::ArrayBuilder::new().items(ObjectBuilder::new()
            .property("nodeID", string())
            .property("text", string())
            .property("type", string().enum_values(Some(["I", "CA", "RA"])))
            .property("diligence", ObjectBuilder::new().description(Some("The argument's id, title, claim, camp, values, authorities (with pinpoints) and citations")))
            .required("nodeID").required("text").required("type")
            .additional_properties(Some(AdditionalProperties::FreeForm(false)))))
        .property("edges", utoipa::openapi::schema::ArrayBuilder::new().items(ObjectBuilder::new()
            .property("edgeID", string())
            .property("fromID", string())
            .property("toID", string())
            .required("edgeID").required("fromID").required("toID")
            .additional_properties(Some(AdditionalProperties::FreeForm(false)))))
        .property("locutions", utoipa::openapi::schema::ArrayBuilder::new().items(ObjectBuilder::new()))
        .required("nodes").required("edges").required("locutions")
        .additional_properties(Some(AdditionalProperties::FreeForm(false)))
}

schema! {
    /// The debate: labelled (`format=json`) or in AIF (`format=aif`).
    DebateAnswerSchema => OneOfBuilder::new()
        .item(DebateView::schema())
        .item(AifDocumentSchema::schema())
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
        api::implications, api::debate, api::export, api::list_schemas, api::get_schema, api::list_scenarios, api::create_scenario,
        api::get_scenario, api::delete_scenario,
        ledger::checkpoint, ledger::verifier_key, ledger::tile, ledger::post_entry,
        ledger::list_cases, ledger::get_case, ledger::post_state, ledger::me
    ),
    modifiers(&LedgerSecurity),
    components(schemas(Problem, Saved, api::Health, FactsSchema, ScenarioInput, SavedScenarioInput,
        AssessmentView<'static>, ProfileView<'static>, CitedProfileView<'static>,
        AuthorityView<'static>, CitedAuthorityView<'static>, DivergenceView,
        ImplicationsView<'static>, DebateView<'static>,
        SignedEntrySchema, CslItemsSchema, AifDocumentSchema, DebateAnswerSchema, ledger::AppendedView, ledger::DeadlineView, ledger::CaseSummaryView,
        ledger::EntryView, ledger::PointView, ledger::ReadingView, ledger::ReadingSource, ledger::CaseAssessmentView,
        ledger::CaseView, ledger::NewContact, ledger::ContactToken, ledger::WhoView, crate::schemas::SchemaEntry)),
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
