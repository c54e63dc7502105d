//! Typed errors and the exit codes they map to (documented in the README).

use std::path::PathBuf;

/// Exit codes: 0 ok (also when nothing is found), 2 usage (clap), and one per failure kind.
pub mod exit_code {
    pub const OK: i32 = 0;
    pub const INTERNAL: i32 = 1;
    pub const USAGE: i32 = 2;
    pub const BAD_INPUT: i32 = 3;
    pub const BUILD_MISMATCH: i32 = 4;
    pub const KNOWLEDGE_BASE: i32 = 5;
    pub const OUTPUT: i32 = 6;
    pub const DIFFERENCES: i32 = 7;
    pub const SAMPLES_FAILED: i32 = 8;
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {message}")]
    BadInput { path: String, message: String },

    #[error("{path}, line {line}: {message}")]
    BadRecord {
        path: String,
        line: u64,
        message: String,
    },

    #[error("{path}: {message}")]
    BuildMismatch { path: String, message: String },

    #[error("knowledge base: {0}")]
    KnowledgeBase(String),

    #[error("resource {name}: {message}")]
    Resource { name: String, message: String },

    #[error("cannot write {path}: {source}")]
    Output {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{0}")]
    Usage(String),

    #[error("{0} difference(s) from the expected outputs")]
    Differences(usize),

    #[error("{failed} of {total} sample(s) failed")]
    SamplesFailed { failed: usize, total: usize },
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::BadInput { .. } | Error::BadRecord { .. } => exit_code::BAD_INPUT,
            Error::BuildMismatch { .. } => exit_code::BUILD_MISMATCH,
            Error::KnowledgeBase(_) => exit_code::KNOWLEDGE_BASE,
            Error::Resource { .. } => exit_code::INTERNAL,
            Error::Output { .. } => exit_code::OUTPUT,
            Error::Usage(_) => exit_code::USAGE,
            Error::Differences(_) => exit_code::DIFFERENCES,
            Error::SamplesFailed { .. } => exit_code::SAMPLES_FAILED,
        }
    }

    pub fn bad_input(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error::BadInput {
            path: path.into(),
            message: message.into(),
        }
    }

    pub fn bad_record(path: impl Into<String>, line: u64, message: impl Into<String>) -> Self {
        Error::BadRecord {
            path: path.into(),
            line,
            message: message.into(),
        }
    }

    pub fn output(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Output {
            path: path.into(),
            source,
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;
