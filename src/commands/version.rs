//! `shipper version`.

use crate::output::Output;

pub fn run(out: &Output) {
    if out.is_json() {
        out.json(&serde_json::json!({ "name": "shipper", "version": env!("CARGO_PKG_VERSION") }));
    } else {
        out.data(&format!("shipper {}", env!("CARGO_PKG_VERSION")));
    }
}
