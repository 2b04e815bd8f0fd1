//! One module per command. Each takes resolved settings, the output handle and (when it needs
//! AWS) the clients, and returns the exit status; none of them parses flags or builds clients.

pub mod completions;
pub mod deploy;
pub mod diff;
pub mod render;
pub mod version;
