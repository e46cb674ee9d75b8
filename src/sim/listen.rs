//! The accept loop: every connection served as HTTP/1.1 with half-close support, so a client
//! that sends its request and then shuts down its write side (as `nc -N` and some proxies do)
//! still gets its answer. hyper closes such a connection by default when it reads the end of
//! the stream, and `axum::serve` does not expose the setting, so the simulator runs its own
//! loop over hyper's connection builder. On stop it accepts no more connections and lets the
//! open ones finish the answer they are writing.

use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, watch};

/// Serves `app` on `listener` until `stop` fires (or its sender is dropped).
pub(crate) async fn serve(listener: TcpListener, app: axum::Router, stop: oneshot::Receiver<()>) {
    let (closing, closed) = watch::channel(false);
    tokio::pin!(stop);
    loop {
        tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    // Out of file descriptors and the like: wait a little rather than spin.
                    Err(_) => {
                        tokio::time::sleep(Duration::from_millis(10)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let service = TowerToHyperService::new(app.clone());
                let mut closed = closed.clone();
                tokio::spawn(async move {
                    let connection = http1::Builder::new()
                        .half_close(true)
                        .serve_connection(TokioIo::new(stream), service);
                    tokio::pin!(connection);
                    tokio::select! {
                        _ = connection.as_mut() => return,
                        _ = closed.changed() => connection.as_mut().graceful_shutdown(),
                    }
                    let _ = connection.await;
                });
            }
        }
    }
    let _ = closing.send(true);
}
