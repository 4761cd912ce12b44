use crate::helpers::TestApp;

#[tokio::test]
async fn a_live_survey_definition_is_public() {
    let app = TestApp::start().await;
    let reply = app.get("/api/v1/surveys/demo").await;
    assert_eq!(reply.status, 200);
    let survey: hearback_core::Survey = serde_json::from_str(&reply.body).unwrap();
    assert_eq!(survey, hearback_server::demo::survey());
}

#[tokio::test]
async fn an_unknown_survey_is_a_404_and_a_closed_one_a_410() {
    let app = TestApp::start().await;
    assert_eq!(app.get("/api/v1/surveys/nope").await.code(), "survey_not_found");
    app.close("demo").await;
    let reply = app.get("/api/v1/surveys/demo").await;
    assert_eq!(reply.status, 410);
    assert_eq!(reply.code(), "survey_closed");
}

#[tokio::test]
async fn unknown_addresses_and_methods_get_json_errors() {
    let app = TestApp::start().await;
    let reply = app.get("/api/v1/nothing-here").await;
    assert_eq!((reply.status.as_u16(), reply.code()), (404, "not_found".to_owned()));
    let reply =
        app.send(axum::http::Request::delete("/api/v1/surveys/demo").body(axum::body::Body::empty()).unwrap()).await;
    assert_eq!((reply.status.as_u16(), reply.code()), (405, "method_not_allowed".to_owned()));
}

#[tokio::test]
async fn embed_js_is_served_as_javascript() {
    let app = TestApp::start().await;
    let reply = app.get("/embed.js").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.headers["content-type"], "text/javascript; charset=utf-8");
    assert!(reply.body.contains("window.Hearback = {") && reply.body.contains("/w/"), "the script tag loader itself");
}

#[tokio::test]
async fn hashed_assets_are_wasm_typed_cached_for_a_year_and_compressed_on_request() {
    let app = TestApp::start().await;
    let reply = app.get("/assets/widget/w_bg.wasm").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.headers["content-type"], "application/wasm");
    assert_eq!(reply.headers["cache-control"], "public, max-age=31536000, immutable");
    let request =
        axum::http::Request::get("/embed.js").header("accept-encoding", "br").body(axum::body::Body::empty()).unwrap();
    let reply = app.send(request).await;
    assert_eq!(reply.headers["content-encoding"], "br");
    assert_eq!(reply.headers["cache-control"], "public, max-age=300", "embed.js has no hash in its name");
}

#[tokio::test]
async fn an_asset_compressed_by_the_build_is_sent_as_it_is() {
    let app = TestApp::start().await;
    let request = axum::http::Request::get("/assets/widget/w_bg.wasm")
        .header("accept-encoding", "br, gzip")
        .body(axum::body::Body::empty())
        .unwrap();
    let reply = app.send(request).await;
    assert_eq!(reply.headers["content-encoding"], "br");
    assert_eq!(reply.headers["content-type"], "application/wasm");
    assert_eq!(reply.body.as_bytes(), crate::helpers::PRECOMPRESSED);
}
