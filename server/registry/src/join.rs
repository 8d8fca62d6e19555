//! Runs several futures of one kind concurrently on the current task and collects their
//! outputs in order, so one file's `FROM` lookups overlap (each host's concurrency is
//! still capped by the client) without spawning tasks or pulling in `futures`.

use std::future::Future;
use std::pin::Pin;
use std::task::Poll;

/// Awaits all futures, polling them together; outputs keep the input order.
pub async fn join_all<F: Future>(futures: impl IntoIterator<Item = F>) -> Vec<F::Output> {
    let mut pending: Vec<Pin<Box<F>>> = futures.into_iter().map(Box::pin).collect();
    let mut outputs: Vec<Option<F::Output>> = pending.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut waiting = false;
        for (future, slot) in pending.iter_mut().zip(outputs.iter_mut()) {
            if slot.is_none() {
                match future.as_mut().poll(cx) {
                    Poll::Ready(value) => *slot = Some(value),
                    Poll::Pending => waiting = true,
                }
            }
        }
        if waiting {
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    })
    .await;
    outputs
        .into_iter()
        .map(|o| o.expect("every joined future completed"))
        .collect()
}
