//! Errors of the server, one type for pages and API: a [`Problem`] (RFC
//! 9457 problem details: a status, a title, a detail sentence and, where
//! one field is at fault, its name, the value given and the values
//! allowed), carried by [`AppError`], which the API answers as
//! `application/problem+json` and the pages as an HTML error page. The
//! failures handlers meet (the database, blocking work, a bad query
//! string, bad facts) convert into it, so handlers use `?`.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::marker::PhantomData;

/// One problem, serialised as `application/problem+json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// Always `about:blank`: the status says what kind of problem it is.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// The status in words.
    pub title: String,
    /// What was wrong, in a sentence.
    pub detail: String,
    /// The field at fault (`facts.harm`), where there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The value given for that field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The values that field allows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<String>>,
}

impl Problem {
    /// A problem with this status and detail.
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Problem {
        Problem {
            kind: "about:blank",
            status: status.as_u16(),
            title: status.canonical_reason().unwrap_or("Error").to_string(),
            detail: detail.into(),
            field: None,
            value: None,
            allowed: None,
        }
    }

    /// 400 Bad Request.
    pub fn bad_request(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::BAD_REQUEST, detail)
    }

    /// 422 Unprocessable Content: well-formed JSON with a bad field.
    pub fn invalid(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::UNPROCESSABLE_ENTITY, detail)
    }

    /// 404 Not Found.
    pub fn not_found(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::NOT_FOUND, detail)
    }

    /// 503 Service Unavailable: the database failed; the request may be
    /// tried again.
    pub fn unavailable(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::SERVICE_UNAVAILABLE, detail)
    }

    /// Names the field at fault.
    pub fn field(mut self, field: impl Into<String>) -> Problem {
        self.field = Some(field.into());
        self
    }

    /// Records the value given.
    pub fn value(mut self, value: impl Into<String>) -> Problem {
        self.value = Some(value.into());
        self
    }

    /// Lists the values allowed.
    pub fn allowed<S: AsRef<str>>(mut self, allowed: &[S]) -> Problem {
        self.allowed = Some(allowed.iter().map(|s| s.as_ref().to_string()).collect());
        self
    }

    /// The same problem with another status (a 422 of the API's body is a
    /// 400 of a page's address).
    pub fn with_status(self, status: StatusCode) -> Problem {
        Problem {
            status: status.as_u16(),
            title: status.canonical_reason().unwrap_or("Error").to_string(),
            ..self
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::BAD_REQUEST)
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.detail)?;
        if let Some(allowed) = &self.allowed {
            write!(f, " (allowed values: {})", allowed.join(", "))?;
        }
        Ok(())
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&self).unwrap_or_default();
        (
            self.status(),
            [(header::CONTENT_TYPE, "application/problem+json")],
            body,
        )
            .into_response()
    }
}

/// The family of routes an error is answered for: it decides the form of
/// the answer.
pub trait Family: Send + 'static {
    /// The answer to `error`.
    fn respond(error: AppError<Self>) -> Response
    where
        Self: Sized;
}

/// The JSON API: errors are `application/problem+json`.
#[derive(Debug, Clone, Copy)]
pub enum Api {}

/// The pages: errors are an HTML page saying what went wrong.
#[derive(Debug, Clone, Copy)]
pub enum Page {}

/// An error of a handler of family `F`: the problem, and for a page the
/// heading it is shown under.
#[derive(Debug)]
pub struct AppError<F> {
    /// What went wrong.
    pub problem: Problem,
    /// The heading of the error page (the status in words when none).
    pub heading: Option<String>,
    family: PhantomData<fn() -> F>,
}

/// An error of the JSON API.
pub type ApiError = AppError<Api>;

/// An error of a page.
pub type PageError = AppError<Page>;

impl<F> AppError<F> {
    /// The error of this problem.
    pub fn new(problem: Problem) -> AppError<F> {
        AppError {
            problem,
            heading: None,
            family: PhantomData,
        }
    }

    /// Sets the heading an error page shows.
    pub fn heading(mut self, heading: impl Into<String>) -> AppError<F> {
        self.heading = Some(heading.into());
        self
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.problem.status()
    }
}

impl<F: Family> AppError<F> {
    /// Runs blocking work (a database call, a long computation) off the
    /// async workers; its error, or its panic, is this family's error.
    pub async fn off_thread<T, E>(
        work: impl FnOnce() -> Result<T, E> + Send + 'static,
    ) -> Result<T, AppError<F>>
    where
        T: Send + 'static,
        E: Into<AppError<F>> + Send + 'static,
    {
        tokio::task::spawn_blocking(work).await?.map_err(Into::into)
    }
}

impl<F> From<Problem> for AppError<F> {
    fn from(problem: Problem) -> AppError<F> {
        AppError::new(problem)
    }
}

impl<F> From<crate::store::StoreError> for AppError<F> {
    fn from(e: crate::store::StoreError) -> AppError<F> {
        tracing::error!("database: {e}");
        AppError::new(Problem::unavailable(format!("the database failed: {e}")))
            .heading("The database failed")
    }
}

impl<F> From<tokio::task::JoinError> for AppError<F> {
    fn from(e: tokio::task::JoinError) -> AppError<F> {
        tracing::error!("blocking work failed: {e}");
        AppError::new(Problem::unavailable(format!(
            "the work for this request failed: {e}"
        )))
        .heading("The work failed")
    }
}

impl<F> From<axum::extract::rejection::QueryRejection> for AppError<F> {
    fn from(e: axum::extract::rejection::QueryRejection) -> AppError<F> {
        AppError::new(Problem::bad_request(format!(
            "the query string cannot be read: {e}"
        )))
        .heading("Bad address")
    }
}

impl<F: Family> IntoResponse for AppError<F> {
    fn into_response(self) -> Response {
        F::respond(self)
    }
}

impl Family for Api {
    fn respond(error: AppError<Api>) -> Response {
        error.problem.into_response()
    }
}

impl Family for Page {
    fn respond(error: AppError<Page>) -> Response {
        let heading = error
            .heading
            .clone()
            .unwrap_or_else(|| error.problem.title.clone());
        crate::pages::problem_page(error.status(), &heading, &error.problem)
    }
}
