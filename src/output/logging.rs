//! `-v` log lines (`tracing`) through the output layer: masked, above any live display, and in
//! a run over several services, under the service they are about.

use std::io::Write;

use super::Output;

/// A writer for `tracing` that masks secrets and keeps log lines above progress bars.
#[derive(Clone)]
pub struct LogWriter {
    output: Output,
    buf: Vec<u8>,
}

impl LogWriter {
    pub fn new(output: Output) -> Self {
        Self { output, buf: Vec::new() }
    }
}

impl Write for LogWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.buf.is_empty() {
            let text = String::from_utf8_lossy(&self.buf).trim_end().to_string();
            self.output.err_line(&text);
            self.buf.clear();
        }
        Ok(())
    }
}

impl Drop for LogWriter {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

tokio::task_local! {
    /// The output `-v` log lines of the current task go to: in a run over several services,
    /// each service's own (so its lines carry its name, as its other lines do).
    pub static LOG_OUTPUT: Output;
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Output {
    type Writer = LogWriter;

    fn make_writer(&'a self) -> Self::Writer {
        LogWriter::new(LOG_OUTPUT.try_with(Output::clone).unwrap_or_else(|_| self.clone()))
    }
}
