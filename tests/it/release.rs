//! The release: Linux binaries that start on glibc 2.17 and later. `scripts/glibc-floor` reads a
//! binary's GLIBC symbol versions and fails above a floor (tried here on the binary under test,
//! whatever glibc it was linked against), and the release workflow builds the Linux binaries
//! against glibc 2.17 and runs the check on them before anything is published.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn floor(binary: &str, floor: &str) -> (bool, String) {
    let out = Command::new(repo().join("scripts/glibc-floor"))
        .args([binary, floor])
        .output()
        .expect("scripts/glibc-floor runs");
    let text =
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

#[test]
fn glibc_floor_passes_at_the_binarys_newest_glibc_and_fails_below_it() {
    let bin = env!("CARGO_BIN_EXE_shipper");
    let (ok, text) = floor(bin, "999.0");
    assert!(ok, "{text}");
    let newest = text
        .rsplit_once("the newest symbol version it needs is GLIBC_")
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_else(|| panic!("no newest version in:\n{text}"));
    let (major, minor) = newest.split_once('.').expect("a major.minor version");
    let minor: u32 = minor.split('.').next().unwrap().parse().unwrap();
    assert!(minor > 0, "GLIBC_{newest}");

    let (ok, text) = floor(bin, &format!("{major}.{minor}"));
    assert!(ok, "at its own newest version:\n{text}");
    let below = format!("{major}.{}", minor - 1);
    let (ok, text) = floor(bin, &below);
    assert!(!ok, "below its newest version it passes:\n{text}");
    assert!(text.contains(&format!("needs glibc {newest}, above the floor {below}")), "{text}");
    // The symbols that need it are named, so the cause can be found.
    assert!(text.contains(&format!("@GLIBC_{newest}")), "{text}");

    for bad in [vec!["/nonexistent/shipper"], vec![bin, "two"], vec![]] {
        let out = Command::new(repo().join("scripts/glibc-floor")).args(&bad).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{bad:?}");
    }
    let (ok, text) = floor(repo().join("README.md").to_str().unwrap(), "2.17");
    assert!(!ok && text.contains("not an ELF binary"), "{text}");
}

#[test]
fn the_release_links_linux_binaries_against_glibc_2_17_and_checks_it_before_publishing() {
    let text = std::fs::read_to_string(repo().join(".github/workflows/release.yml")).unwrap();
    let workflow: Value = serde_yaml::from_str(&text).unwrap();
    let build = &workflow["jobs"]["build"];
    let targets = build["strategy"]["matrix"]["include"].as_array().unwrap();
    let linux: Vec<&Value> =
        targets.iter().filter(|t| t["target"].as_str().unwrap().contains("-linux-")).collect();
    assert_eq!(linux.len(), 2, "x86_64 and aarch64 Linux");
    for target in &linux {
        assert_eq!(target["glibc"], "2.17", "{target}");
    }
    let steps = build["steps"].as_array().unwrap();
    let run_of = |needle: &str| {
        steps
            .iter()
            .position(|s| s["run"].as_str().is_some_and(|r| r.contains(needle)))
            .unwrap_or_else(|| panic!("no step runs {needle:?}"))
    };
    let zigbuild = run_of("cargo zigbuild --release --locked --target \"$TARGET.$GLIBC\"");
    let check = run_of("scripts/glibc-floor \"target/$TARGET/release/shipper\" \"$GLIBC\"");
    let package = run_of("tar -C dist");
    assert!(zigbuild < check && check < package, "build, check, then package");
    assert_eq!(steps[check]["if"], "matrix.glibc", "the check runs for every Linux target");
    assert!(run_of("pip\" install --quiet ziglang==") < zigbuild);
    assert!(run_of("cargo install --locked cargo-zigbuild@") < zigbuild);
}
