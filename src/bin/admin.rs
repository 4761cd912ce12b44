//! The admin app bundle: rendered in the browser into the page's body.

fn main() {
    leptos::mount::mount_to_body(hearback_web::admin::App);
}
