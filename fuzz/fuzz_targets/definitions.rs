//! The definitions parser (the AWS model's schema-guided deserializer, limits, normalisation for
//! diff): any JSON or YAML document must parse or fail with problems, never panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use shipper::model::{ServiceDefinition, TaskDefinition};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for name in ["fuzz.json", "fuzz.yaml"] {
        let Ok(doc) = shipper::config::parse_document(Path::new(name), text) else { continue };
        if let Ok(td) = TaskDefinition::parse(doc.clone()) {
            let _ = td.input();
            let options = Default::default();
            let _ = shipper::diff::task_definition(&td, "a", Some((&td, "b")), &options);
        }
        if let Ok(sd) = ServiceDefinition::parse(doc, "c", "s") {
            let _ = sd.update_json();
        }
    }
});
