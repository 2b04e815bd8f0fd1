//! The config parser and the template engine (minijinja plus the Go-template spellings): any
//! text must render or fail with an error, never panic or hang.
#![no_main]

use std::collections::HashMap;
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use shipper::template::{Engine, Source, Vars};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let vars = Vars::from_map(HashMap::from([("IMAGE_TAG".to_string(), "v1".to_string())]));
    let engine = Engine::new(vars).with_placeholder_tfstate();
    let source = Source { name: "fuzz.yaml".into(), text: text.to_string() };
    let (rendered, _) = engine.render_once(std::slice::from_ref(&source));
    let _ = shipper::config::Config::parse(Path::new("fuzz.yaml"), text);
    if let Ok(docs) = rendered {
        for doc in docs {
            let _ = shipper::config::Config::parse(Path::new("fuzz.yaml"), &doc);
            let _ = shipper::config::parse_document(Path::new("fuzz.json"), &doc);
        }
    }
});
