//! Readers and writers for the file formats alkres touches.

pub mod atomic;
pub mod indexed;
pub mod tabix;
pub mod vcf_input;
pub mod vcf_line;
