//! alkres: explain resistance in ALK-positive lung cancer from sequencing output.
//!
//! Data flow: readers (`io`) → detectors (`detect`) → annotator (`transcript`) →
//! knowledge base (`kb`) → renderers (`report`). The `annotate` module wires them for the
//! `annotate` subcommand; `main.rs` only parses arguments and maps errors to exit codes.

pub mod allele;
pub mod annotate;
pub mod cli;
pub mod commands;
pub mod copy_number;
pub mod detect;
pub mod error;
pub mod fusion;
pub mod genome;
pub mod io;
pub mod kb;
pub mod panel;
pub mod pipeline;
pub mod report;
pub mod resources;
pub mod timeline;
pub mod transcript;
pub mod verdict;
