//! The OpenAPI 3.1 document of the API, generated from the handlers'
//! annotations. Every answer's schema is derived from the typed view that
//! writes it (`crate::views` and the views of `diligence-report`); the
//! request bodies' schemas are built from the engine's table of facts, so
//! the document cannot drift from what the server accepts and sends.

use crate::api;
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
        api::get_scenario, api::delete_scenario
    ),
    components(schemas(Problem, Saved, api::Health, FactsSchema, ScenarioInput, SavedScenarioInput,
        AssessmentView<'static>, ProfileView<'static>, CitedProfileView<'static>,
        AuthorityView<'static>, CitedAuthorityView<'static>, DivergenceView,
        ImplicationsView<'static>, DebateView<'static>)),
    tags(
        (name = "server", description = "Health and this document"),
        (name = "profiles", description = "Doctrines and positions, coded"),
        (name = "authorities", description = "The knowledge base"),
        (name = "assess", description = "A situation against every reading"),
        (name = "analysis", description = "The whole fact space"),
        (name = "debate", description = "The argument graph"),
        (name = "scenarios", description = "Saved scenarios")
    )
)]
pub struct ApiDoc;

/// The document as pretty JSON.
pub fn document() -> String {
    ApiDoc::openapi()
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
