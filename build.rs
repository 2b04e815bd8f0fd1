//! Link options for the release binary on Linux, where the size target (≤ 12 MiB, see the
//! README's Performance section) is met. Only the `shipper` binary's final link changes; no
//! dependency is rebuilt for it, and debug and test builds are untouched.
//!
//! - `-no-pie`: a position-independent executable carries 1.3 MiB of relocations (the AWS
//!   SDKs' static schema tables are full of pointers) that the loader applies at every start.
//!   Linked at a fixed address they are resolved at link time. The executable itself is then not
//!   randomised by ASLR (its libraries, heap and stack still are) — as with Go binaries such as
//!   ecspresso's, which are not PIE by default.
//! - `--no-eh-frame-hdr`: the lookup table for unwinding (0.2 MiB). Release builds abort on
//!   panic (`panic = "abort"`), so nothing unwinds; only a panic's backtrace would be shorter.
//! - `.eh_frame` discarded (1.7 MiB; a one-line linker script, LLD only like `--icf`): the unwind
//!   tables themselves. Without the header above no unwinder finds them (there is no
//!   `PT_GNU_EH_FRAME` segment to look them up by), so they were dead weight: a panic prints the
//!   same message and the same empty `stack backtrace:` with or without them (checked on a small
//!   program linked the same way).
//! - `--icf=all`: identical functions (generic code instantiated for types that compile to the
//!   same machine code) are kept once (0.2 MiB). Rust asks the same of MSVC's linker by default
//!   on Windows (`/OPT:ICF`). Only LLD knows the option, so only where rustc links with its own
//!   LLD: x86_64-unknown-linux-gnu since Rust 1.90, with no linker configured.
use std::env::var;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let release = var("PROFILE").as_deref() == Ok("release");
    let linux = var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux");
    if !(release && linux) {
        return;
    }
    println!("cargo:rustc-link-arg-bins=-no-pie");
    println!("cargo:rustc-link-arg-bins=-Wl,--no-eh-frame-hdr");
    if links_with_rust_lld() {
        println!("cargo:rustc-link-arg-bins=-Wl,--icf=all");
        let script =
            std::path::Path::new(&var("OUT_DIR").expect("cargo sets OUT_DIR")).join("eh.ld");
        std::fs::write(&script, "SECTIONS { /DISCARD/ : { *(.eh_frame) } } INSERT AFTER .text;\n")
            .expect("OUT_DIR is writable");
        println!("cargo:rustc-link-arg-bins=-Wl,-T,{}", script.display());
    }
}

/// Whether rustc links this build with its bundled LLD (its default on x86_64 Linux since 1.90).
fn links_with_rust_lld() -> bool {
    let target = var("TARGET").as_deref() == Ok("x86_64-unknown-linux-gnu");
    let configured = var("RUSTC_LINKER").is_ok()
        || var("CARGO_ENCODED_RUSTFLAGS").is_ok_and(|flags| flags.contains("link"));
    let minor = std::process::Command::new(var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .arg("-V")
        .output()
        .ok()
        .and_then(|out| {
            let version = String::from_utf8_lossy(&out.stdout).split(' ').nth(1)?.to_string();
            version.split('.').nth(1)?.parse::<u32>().ok()
        });
    target && !configured && minor.is_some_and(|m| m >= 90)
}
