//! The public API's OpenAPI document, served at `/api/v1/openapi.json`. Its paths come from the
//! `#[utoipa::path]` of the very handlers the router mounts (`api::router` registers them
//! through `utoipa_axum`), so a route cannot be served without being described; this module adds
//! what belongs to no one route: the title, the tags, the error body and the results token.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Hearback API",
        description = "Ask customers a few questions, store every answer safely, publish the results with what \
                       will be done about them, and tell the people who answered. Public endpoints need no login. \
                       Every 4xx and 5xx answer is an `Error` body that says what was wrong.",
        license(name = "MIT OR Apache-2.0"),
    ),
    tags(
        (name = "respond", description = "A live survey, and the answers respondents give"),
        (name = "published", description = "Published results and action plans, following them, and a respondent's replies"),
        (name = "results", description = "Live results for the operator (loopback, or the results token when one is set)"),
    ),
    components(schemas(Error, ErrorDetail)),
    modifiers(&ResultsToken),
)]
pub struct ApiDoc;

/// The `{id}` of a survey's paths, described once for every operation that has it.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)] // Read by the documents' derive only; handlers take the path themselves.
pub struct SurveyPath {
    /// The survey's id
    id: String,
}

/// The `Hearback-Receipt` header of a respondent's own routes, described once for all of them.
#[derive(utoipa::IntoParams)]
#[into_params(names("Hearback-Receipt"), parameter_in = Header)]
#[allow(dead_code)] // Read by the documents' derive only; handlers read the header themselves.
pub struct ReceiptHeader(
    /// The respondent's receipt: the key of their finished response
    String,
);

/// Every error answer (the contract's `ErrorBody`, named `Error` in the documents).
pub use hearback_api::{ErrorBody as Error, ErrorDetail};

/// The bearer token of `serve --results-token`.
struct ResultsToken;

impl Modify for ResultsToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let bearer = SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build());
        openapi.components.get_or_insert_with(Default::default).add_security_scheme("results_token", bearer);
    }
}

/// Every operation that takes a body is refused the same two ways, said here once for all of
/// them in both documents (after their paths are in): 400 when the body does not read as the
/// operation's request (not JSON, a field missing or of the wrong type), 415 when it is not sent
/// as the type the operation takes. An operation that says more about either keeps its own.
pub fn with_body_refusals(document: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    for item in document.paths.paths.values_mut() {
        let operations = [&mut item.post, &mut item.put, &mut item.patch, &mut item.delete];
        for operation in operations.into_iter().flatten().filter(|op| op.request_body.is_some()) {
            for (status, description) in [
                ("400", "The body does not read as this request (not JSON, or a field missing or of the wrong type)"),
                ("415", "The body is not sent as the type this operation takes (its `Content-Type`)"),
            ] {
                operation.responses.responses.entry(status.to_owned()).or_insert_with(|| {
                    let content = ContentBuilder::new().schema(Some(Ref::from_schema_name("Error"))).build();
                    ResponseBuilder::new().description(description).content("application/json", content).build().into()
                });
            }
        }
    }
}
