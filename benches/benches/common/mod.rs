//! What the benches share: the response they parse and where things are.

use std::path::{Path, PathBuf};

/// A `CancelComponentDeployment` response of 978 bytes with every member
/// of `Component` set.
pub const RESPONSE: &[u8] = include_bytes!("../../data/cancel-component-deployment.json");

/// The component every call names.
#[allow(dead_code)] // Not every bench needs it.
pub const COMPONENT: &str = "my-component";

/// The repository's root.
#[allow(dead_code)] // Not every bench needs it.
pub fn workspace_root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// `shared/models/<name>`, found from the repository upwards (worktrees
/// live at different depths).
#[allow(dead_code)] // Not every bench needs it.
pub fn shared_model(name: &str) -> PathBuf {
    workspace_root()
        .ancestors()
        .map(|dir| dir.join("shared/models").join(name))
        .find(|path| path.is_file())
        .unwrap_or_else(|| panic!("shared/models/{name} not found above the repository"))
}

/// The response as the transport hands it over.
#[allow(dead_code)] // Not every bench needs it.
pub fn response() -> http::Response<bytes::Bytes> {
    http::Response::builder()
        .status(200)
        .header("content-type", "application/x-amz-json-1.0")
        .header("x-amzn-requestid", "8a7c0a8e-7c5a-4a5e-9c5b-2d6f1f7b8e90")
        .body(bytes::Bytes::from_static(RESPONSE))
        .expect("a valid response")
}
