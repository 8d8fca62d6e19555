//! The language server. The only crate that imports LSP types.
//!
//! [`run_stdio`] serves LSP on stdin/stdout; [`serve`] serves any byte streams (the tests
//! use in-memory pipes). Nothing but the protocol is ever written to the output: logs go
//! to stderr through `tracing`.

pub mod capabilities;
pub mod code_actions;
pub mod completion;
pub mod convert;
pub mod diagnostics;
pub mod direct;
pub mod docs;
pub mod folding;
pub mod format;
mod framing;
mod guard;
pub mod hints;
pub mod hover;
pub mod links;
pub mod navigation;
pub mod outbox;
pub mod registry;
pub mod semantic_tokens;
pub mod server;
pub mod settings;
pub mod settings_schema;
pub mod stages;
pub mod store;
pub mod symbols;

use std::process::ExitCode;

use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::{LspService, Server};

/// Serves one LSP session over `input`/`output` until `exit` or end of input.
pub async fn serve<I, O>(input: I, output: O)
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin,
{
    let (outbox, queue) = outbox::channel();
    tokio::join!(session(input, outbox), outbox::write(queue, output));
}

/// The session itself: reads `input`, answers and publishes into `outbox`, whose queue
/// the caller drains to the client.
async fn session<I>(input: I, outbox: outbox::Outbox)
where
    I: AsyncRead + Unpin + Send + 'static,
{
    // ShellCheck is a slow source here: it must not compete with keystrokes for CPU.
    dlint_linter::shellcheck::run_in_background();
    let publisher = outbox.clone();
    let (service, socket) = LspService::build(|client| server::Backend::new(client, publisher))
        .custom_method("dlint/documentText", server::Backend::document_text)
        .custom_method(direct::METHOD, server::Backend::direct)
        .custom_method(
            framing::MALFORMED_METHOD,
            server::Backend::malformed_message,
        )
        .finish();
    // tower-lsp-server writes into a pipe; its frames and our diagnostics meet in the
    // outbox, which alone writes to the output (see `outbox`).
    let (server_out, from_server) = tokio::io::duplex(1 << 16);
    let protocol = async move {
        Server::new(framing::sanitize(input), server_out, socket)
            .serve(service)
            .await;
    };
    tokio::join!(protocol, outbox::forward(from_server, outbox));
}

/// `dlint lsp`: builds a tokio runtime and serves LSP on stdin/stdout.
pub fn run_stdio() -> ExitCode {
    limit_malloc_arenas();
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("dlint lsp: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (outbox, queue) = outbox::channel();
    // stdout gets a thread of its own (see `outbox::write_blocking`).
    let writer = std::thread::Builder::new()
        .name("dlint-stdout".into())
        .spawn(move || outbox::write_blocking(queue, std::io::stdout().lock()));
    let writer = match writer {
        Ok(writer) => writer,
        Err(e) => {
            eprintln!("dlint lsp: cannot start the output thread: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(session(tokio::io::stdin(), outbox));
    // The session has queued its end; everything before it is written first.
    let _ = writer.join();
    ExitCode::SUCCESS
}

/// glibc gives each thread that allocates its own arena and keeps freed memory there;
/// with the lint thread, the ShellCheck pass and the runtime's workers all building
/// large short-lived structures, that held about a fifth of the peak memory on a
/// 5,000-line file. Two arenas, not one: the first lint of a big file reads its RUN
/// scripts and runs its rules on two threads, and with a single arena they queued for the
/// allocator's lock and ran no faster than one.
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` only changes allocator tuning; called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// Logs to stderr (never stdout: that is the protocol channel). `DLINT_LOG` sets the
/// filter, e.g. `DLINT_LOG=debug`.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("DLINT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}
