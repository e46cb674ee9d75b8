//! An in-process axum router served on 127.0.0.1, port 0, for one run of the suite, then
//! stopped: how a merchant's own `cargo test` puts its receiver under test without a server of
//! its own.

use crate::Error;
use std::net::SocketAddr;
use std::sync::Arc;

/// A router being served; [`Served::stop`] ends it (dropping it does too).
pub(super) struct Served {
    addr: SocketAddr,
    shutdown: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
}

impl Served {
    pub(super) async fn start(router: axum::Router) -> Result<Served, Error> {
        let failed = |source: std::io::Error| Error::Simulator {
            what: "the receiver's loopback server",
            source: Arc::new(source),
        };
        let socket = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(failed)?;
        let addr = socket.local_addr().map_err(failed)?;
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let _ = axum::serve(socket, router)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(Served {
            addr,
            shutdown,
            task,
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub(super) fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub(super) async fn stop(self) {
        let _ = self.shutdown.send(());
        let _ = self.task.await;
    }
}
