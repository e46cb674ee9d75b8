//! Title-Case response header names (`Client-Id`, `Response-Time`, `Signature`), as some
//! gateways write them. hyper always writes lowercase names and axum does not expose hyper's
//! `title_case_headers`, so this listener wraps each connection in a writer that rewrites the
//! names of every response head on the way out. The rewrite keeps lengths, so bodies and
//! `Content-Length` are untouched.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// A TCP listener whose connections write Title-Case header names when `enabled`.
pub(crate) struct TitleCaseListener {
    pub inner: TcpListener,
    pub enabled: bool,
}

impl axum::serve::Listener for TitleCaseListener {
    type Io = TitleCaseStream;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            match self.inner.accept().await {
                Ok((stream, addr)) => {
                    let stream = TitleCaseStream {
                        inner: stream,
                        scanner: self.enabled.then(Scanner::default),
                    };
                    return (stream, addr);
                }
                // A failed accept (a reset before accept, too many files) concerns one
                // connection; keep serving the others.
                Err(_) => tokio::time::sleep(std::time::Duration::from_millis(5)).await,
            }
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.inner.local_addr()
    }
}

/// One connection; reads pass through, writes go through the [`Scanner`].
pub(crate) struct TitleCaseStream {
    inner: TcpStream,
    scanner: Option<Scanner>,
}

/// Where in the outgoing byte stream we are: in a response head (and where in its line), or in
/// a body with so many bytes left.
#[derive(Debug, Clone, Default)]
struct Scanner {
    in_body: u64,
    /// Bytes of the current head line so far (the status line counts as a line).
    line: Vec<u8>,
    /// Whether the current head line is the status line.
    seen_status: bool,
    content_length: u64,
}

impl Scanner {
    /// Rewrites `byte` (the next byte written) and moves on.
    fn step(&mut self, byte: u8) -> u8 {
        if self.in_body > 0 {
            self.in_body -= 1;
            return byte;
        }
        let out = if self.seen_status && !self.line.contains(&b':') {
            // Inside a header name: upper-case its first letter and each letter after '-'.
            let starts_word = self.line.last().is_none_or(|&b| b == b'-');
            if starts_word {
                byte.to_ascii_uppercase()
            } else {
                byte
            }
        } else {
            byte
        };
        self.line.push(byte);
        if byte == b'\n' {
            let line = std::mem::take(&mut self.line);
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end();
            if !self.seen_status {
                self.seen_status = true;
            } else if text.is_empty() {
                // End of the head: the body follows.
                self.in_body = std::mem::take(&mut self.content_length);
                self.seen_status = false;
            } else if let Some((name, value)) = text.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                self.content_length = value.trim().parse().unwrap_or(0);
            }
        }
        out
    }
}

impl AsyncRead for TitleCaseStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for TitleCaseStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        let Some(scanner) = &mut this.scanner else {
            return Pin::new(&mut this.inner).poll_write(cx, buf);
        };
        // Rewrite on a copy of the state: only the bytes the socket takes move the real one.
        let mut trial = scanner.clone();
        let rewritten: Vec<u8> = buf.iter().map(|&b| trial.step(b)).collect();
        let written = std::task::ready!(Pin::new(&mut this.inner).poll_write(cx, &rewritten))?;
        if written == buf.len() {
            *scanner = trial;
        } else {
            for &b in &buf[..written] {
                scanner.step(b);
            }
        }
        Poll::Ready(Ok(written))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
