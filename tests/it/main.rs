//! shipper's integration tests: one test binary, so the AWS SDK is linked once.
//!
//! Every test that needs AWS talks to the local AWS ("the bed", `tests/bed/`): moto in server mode
//! plus shipper's own behaviour patches, on 127.0.0.1. See `support::bed` for how tests are isolated.

mod autoscaling;
mod badinput;
mod bed;
mod bluegreen;
mod cli;
mod codedeploy;
mod compare;
mod daemon;
mod demo;
mod deploy;
mod diff;
mod display;
mod ecspresso_fixtures;
mod exec;
mod express;
mod external;
mod fleet;
mod github;
mod gojsonnet;
mod init;
mod ops;
mod polling;
mod reading;
mod readme;
mod release;
mod render;
mod rollback;
mod safety;
mod secrets;
mod support;
mod templates;
mod throttling;
mod tidy;
mod trust;
mod verify;
