//! Waiters: poll an operation until the resource it describes reaches the
//! state the caller waits for, as the model's `smithy.waiters#waitable`
//! trait defines it.
//!
//! Generated code turns each waiter's acceptors into a function telling
//! which [`AcceptorState`] a poll's result leads to; [`Waiter::wait`] runs
//! the waiter workflow of the Smithy specification around it:
//!
//! 1. call the operation;
//! 2. take the state of the first acceptor that matches: `success` and
//!    `failure` end the wait, `retry` polls again;
//! 3. when no acceptor matches, an error ends the wait
//!    ([`WaiterError::OperationFailed`]) and an output polls again;
//! 4. before polling again, sleep an exponential backoff with jitter
//!    between the waiter's `minDelay` and `maxDelay` ([`delay`]), never
//!    past the caller's maximum wait: the last poll happens when that time
//!    is up, and if it still does not settle the wait ends with
//!    [`WaiterError::ExceededMaxWait`].
//!
//! Time is `tokio`'s, so tests run waiters on a paused clock.

use crate::error::{BuildError, SdkError};
use crate::retry::{Jitter, RandomJitter};
use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

/// What a matched acceptor does to the wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AcceptorState {
    /// The resource reached the awaited state: stop waiting.
    Success,
    /// The resource can no longer reach the awaited state: stop waiting.
    Failure,
    /// Not there yet: poll again.
    Retry,
}

/// The result of the poll that ended a wait: the operation's output, or
/// the error it failed with (a waiter may succeed on an error, such as a
/// "not found" once a resource is deleted).
#[derive(Debug)]
pub enum FinalPoll<O, E> {
    /// The operation succeeded.
    Output(O),
    /// The operation failed.
    Error(SdkError<E>),
}

impl<O, E> FinalPoll<O, E> {
    /// The output or the error, borrowed.
    pub fn as_result(&self) -> Result<&O, &SdkError<E>> {
        match self {
            Self::Output(output) => Ok(output),
            Self::Error(error) => Err(error),
        }
    }

    /// The output or the error.
    ///
    /// # Errors
    /// The error of the final poll, when it failed.
    // The same `Result` as the operation's `send()`, which callers expect.
    #[allow(clippy::result_large_err)]
    pub fn into_result(self) -> Result<O, SdkError<E>> {
        match self {
            Self::Output(output) => Ok(output),
            Self::Error(error) => Err(error),
        }
    }
}

impl<O, E> From<Result<O, SdkError<E>>> for FinalPoll<O, E> {
    fn from(result: Result<O, SdkError<E>>) -> Self {
        match result {
            Ok(output) => Self::Output(output),
            Err(error) => Self::Error(error),
        }
    }
}

/// The caller's maximum wait ran out before an acceptor settled the wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExceededMaxWait {
    max_wait: Duration,
    elapsed: Duration,
    polls: u32,
}

impl ExceededMaxWait {
    /// The maximum wait the caller allowed.
    pub fn max_wait(&self) -> Duration {
        self.max_wait
    }

    /// How long the waiter waited.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }

    /// How many times the operation was called.
    pub fn polls(&self) -> u32 {
        self.polls
    }
}

/// Why a wait ended without reaching the awaited state.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaiterError<O, E> {
    /// The operation's input could not be built; nothing was sent.
    ConstructionFailure(BuildError),
    /// The maximum wait ran out.
    ExceededMaxWait(ExceededMaxWait),
    /// An acceptor with the `failure` state matched: the resource will not
    /// reach the awaited state. Holds the poll that matched.
    FailureState(FinalPoll<O, E>),
    /// The operation failed with an error no acceptor matched.
    OperationFailed(SdkError<E>),
}

impl<O, E> WaiterError<O, E> {
    /// The final poll, when a failure acceptor matched.
    pub fn as_failure_state(&self) -> Option<&FinalPoll<O, E>> {
        match self {
            Self::FailureState(poll) => Some(poll),
            _ => None,
        }
    }

    /// The error the operation failed with, when no acceptor matched it.
    pub fn as_operation_failed(&self) -> Option<&SdkError<E>> {
        match self {
            Self::OperationFailed(error) => Some(error),
            _ => None,
        }
    }

    /// How the maximum wait ran out, when it did.
    pub fn as_exceeded_max_wait(&self) -> Option<&ExceededMaxWait> {
        match self {
            Self::ExceededMaxWait(exceeded) => Some(exceeded),
            _ => None,
        }
    }
}

impl<O, E: StdError> fmt::Display for WaiterError<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ConstructionFailure(e) => write!(f, "the waiter's input is invalid: {e}"),
            Self::ExceededMaxWait(e) => write!(
                f,
                "the resource did not reach the awaited state within {:?} ({} polls)",
                e.max_wait, e.polls
            ),
            Self::FailureState(FinalPoll::Output(_)) => {
                f.write_str("the resource reached a state from which it cannot succeed")
            }
            Self::FailureState(FinalPoll::Error(e)) => write!(
                f,
                "the resource reached a state from which it cannot succeed: {e}"
            ),
            Self::OperationFailed(e) => write!(f, "the operation failed while waiting: {e}"),
        }
    }
}

impl<O: fmt::Debug, E: StdError + 'static> StdError for WaiterError<O, E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::ConstructionFailure(e) => Some(e),
            Self::FailureState(FinalPoll::Error(e)) | Self::OperationFailed(e) => Some(e),
            Self::ExceededMaxWait(_) | Self::FailureState(FinalPoll::Output(_)) => None,
        }
    }
}

/// A value as a JMESPath number, for the acceptor paths generated code
/// compiles: numbers of every width, timestamps as epoch seconds (with
/// their fraction), lengths.
pub trait AsNumber {
    /// The value as an `f64` (integers beyond 2^53 lose precision, as
    /// JMESPath numbers do).
    fn as_number(&self) -> f64;
}

macro_rules! lossless_number {
    ($($t:ty),*) => {
        $(impl AsNumber for $t {
            fn as_number(&self) -> f64 {
                f64::from(*self)
            }
        })*
    };
}

lossless_number!(i8, i16, i32, f32, f64);

impl AsNumber for i64 {
    #[allow(clippy::cast_precision_loss)]
    fn as_number(&self) -> f64 {
        *self as f64
    }
}

impl AsNumber for usize {
    #[allow(clippy::cast_precision_loss)]
    fn as_number(&self) -> f64 {
        *self as f64
    }
}

impl AsNumber for crate::DateTime {
    #[allow(clippy::cast_precision_loss)]
    fn as_number(&self) -> f64 {
        self.secs() as f64 + f64::from(self.subsec_nanos()) / 1e9
    }
}

/// The delay before retry `attempt` (1 before the second poll) of a waiter
/// with delays between `min_delay` and `max_delay`, `sample` being the
/// jitter factor in `[0, 1]`:
/// `min_delay + sample × (min(min_delay × 2^(attempt−1), max_delay) − min_delay)`.
///
/// This is the Smithy waiter backoff, with a uniform random value in place
/// of the specification's random whole seconds. A `max_delay` below
/// `min_delay` counts as `min_delay`.
pub fn delay(min_delay: Duration, max_delay: Duration, attempt: u32, sample: f64) -> Duration {
    let max_delay = max_delay.max(min_delay);
    let ceiling = 1u32
        .checked_shl(attempt.saturating_sub(1))
        .and_then(|power| min_delay.checked_mul(power))
        .map_or(max_delay, |exponential| exponential.min(max_delay));
    let factor = if sample.is_nan() {
        1.0
    } else {
        sample.clamp(0.0, 1.0)
    };
    let spread = ceiling.saturating_sub(min_delay);
    // Not `Duration::mul_f64`, which panics when rounding pushes a huge
    // duration past its maximum.
    let jitter = Duration::try_from_secs_f64(spread.as_secs_f64() * factor).unwrap_or(spread);
    min_delay.saturating_add(jitter)
}

/// A waiter's timing: the delays between polls its model gives, and the
/// jitter source.
#[derive(Clone, Debug)]
pub struct Waiter {
    min_delay: Duration,
    max_delay: Duration,
    jitter: Arc<dyn Jitter>,
}

impl Waiter {
    /// A waiter sleeping between `min_delay` and `max_delay` between polls
    /// (the model's `minDelay` and `maxDelay`), with random jitter.
    pub fn new(min_delay: Duration, max_delay: Duration) -> Self {
        Self {
            min_delay,
            max_delay,
            jitter: Arc::new(RandomJitter),
        }
    }

    /// Replaces the random jitter, so tests can know the delays.
    pub fn with_jitter(mut self, jitter: impl Jitter + 'static) -> Self {
        self.jitter = Arc::new(jitter);
        self
    }

    /// Polls with `poll` until `accept` settles the wait or `max_wait` runs
    /// out.
    ///
    /// `accept` tells which acceptor state a poll's result leads to, `None`
    /// when no acceptor matches. The result of a poll is honoured even when
    /// it arrives after `max_wait`: a resource that reached the awaited
    /// state is reported as such.
    ///
    /// # Errors
    /// See [`WaiterError`]: a failure acceptor matched, an error no
    /// acceptor matched, or the maximum wait ran out.
    pub async fn wait<O, E, P, F, A>(
        &self,
        max_wait: Duration,
        mut poll: P,
        accept: A,
    ) -> Result<FinalPoll<O, E>, WaiterError<O, E>>
    where
        P: FnMut() -> F,
        F: Future<Output = Result<O, SdkError<E>>>,
        A: Fn(&Result<O, SdkError<E>>) -> Option<AcceptorState>,
    {
        let start = Instant::now();
        let mut polls: u32 = 0;
        loop {
            let result = poll().await;
            polls = polls.saturating_add(1);
            match accept(&result) {
                Some(AcceptorState::Success) => return Ok(result.into()),
                Some(AcceptorState::Failure) => {
                    return Err(WaiterError::FailureState(result.into()));
                }
                Some(AcceptorState::Retry) => {}
                None => {
                    if let Err(error) = result {
                        return Err(WaiterError::OperationFailed(error));
                    }
                }
            }
            let elapsed = start.elapsed();
            let Some(remaining) = max_wait.checked_sub(elapsed).filter(|r| !r.is_zero()) else {
                return Err(WaiterError::ExceededMaxWait(ExceededMaxWait {
                    max_wait,
                    elapsed,
                    polls,
                }));
            };
            let mut sleep = delay(self.min_delay, self.max_delay, polls, self.jitter.sample());
            // Rather than sleep past the deadline, or wake up too close to
            // it to poll again, make the last poll when time is up.
            if remaining.saturating_sub(sleep) <= self.min_delay {
                sleep = remaining;
            }
            tokio::time::sleep(sleep).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::retry::FixedJitter;
    use std::cell::RefCell;

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    #[test]
    fn numbers_are_f64_and_timestamps_epoch_seconds() {
        assert_eq!(7i8.as_number(), 7.0);
        assert_eq!((-3i64).as_number(), -3.0);
        assert_eq!(2usize.as_number(), 2.0);
        assert_eq!(1.5f32.as_number(), 1.5);
        let time = crate::DateTime::from_secs_and_nanos(-2, 500_000_000);
        assert_eq!(time.as_number(), -1.5);
    }

    #[test]
    fn delay_doubles_from_min_to_max_with_full_jitter() {
        let full: Vec<Duration> = (1..=8).map(|n| delay(secs(2), secs(120), n, 1.0)).collect();
        assert_eq!(full, [2, 4, 8, 16, 32, 64, 120, 120].map(secs));
        // No jitter waits the minimum; half jitter waits halfway there.
        assert_eq!(delay(secs(2), secs(120), 5, 0.0), secs(2));
        assert_eq!(delay(secs(2), secs(120), 3, 0.5), secs(5));
    }

    #[test]
    fn delay_never_overflows_and_tolerates_odd_inputs() {
        assert_eq!(delay(secs(2), secs(120), u32::MAX, 1.0), secs(120));
        assert_eq!(delay(secs(2), secs(120), 0, 1.0), secs(2));
        assert_eq!(delay(secs(5), secs(1), 3, 1.0), secs(5));
        assert_eq!(delay(secs(2), secs(10), 9, f64::NAN), secs(10));
        assert_eq!(delay(secs(2), secs(10), 9, -3.0), secs(2));
        assert_eq!(delay(Duration::MAX, Duration::MAX, 40, 1.0), Duration::MAX);
    }

    /// Polls answering `states` in turn (the last one forever), recording
    /// when each poll happened relative to the start.
    struct Script {
        start: Instant,
        states: Vec<Option<AcceptorState>>,
        times: RefCell<Vec<Duration>>,
    }

    impl Script {
        fn new(states: &[Option<AcceptorState>]) -> Self {
            Self {
                start: Instant::now(),
                states: states.to_vec(),
                times: RefCell::new(Vec::new()),
            }
        }

        async fn run(
            &self,
            waiter: &Waiter,
            max_wait: Duration,
        ) -> Result<FinalPoll<usize, std::io::Error>, WaiterError<usize, std::io::Error>> {
            waiter
                .wait(
                    max_wait,
                    || async {
                        let mut times = self.times.borrow_mut();
                        times.push(self.start.elapsed());
                        Ok(times.len())
                    },
                    |result| {
                        let poll = *result.as_ref().unwrap_or(&0);
                        let index = poll.saturating_sub(1).min(self.states.len() - 1);
                        self.states[index]
                    },
                )
                .await
        }

        fn times(&self) -> Vec<Duration> {
            self.times.borrow().clone()
        }
    }

    const RETRY: Option<AcceptorState> = Some(AcceptorState::Retry);
    const SUCCESS: Option<AcceptorState> = Some(AcceptorState::Success);
    const FAILURE: Option<AcceptorState> = Some(AcceptorState::Failure);

    #[tokio::test(start_paused = true)]
    async fn success_after_retries_sleeps_the_backoff_between_polls() {
        let waiter = Waiter::new(secs(2), secs(120)).with_jitter(FixedJitter(1.0));
        let script = Script::new(&[RETRY, None, RETRY, SUCCESS]);
        let outcome = script.run(&waiter, secs(300)).await.unwrap();
        assert!(matches!(outcome, FinalPoll::Output(4)));
        // Sleeps of 2, 4 and 8 seconds.
        assert_eq!(script.times(), [0, 2, 6, 14].map(secs));
    }

    #[tokio::test(start_paused = true)]
    async fn failure_state_ends_the_wait_with_the_poll() {
        let waiter = Waiter::new(secs(2), secs(120)).with_jitter(FixedJitter(0.0));
        let script = Script::new(&[RETRY, FAILURE]);
        let error = script.run(&waiter, secs(300)).await.unwrap_err();
        assert!(matches!(
            error,
            WaiterError::FailureState(FinalPoll::Output(2))
        ));
        assert_eq!(script.times(), [0, 2].map(secs));
    }

    #[tokio::test(start_paused = true)]
    async fn the_last_poll_happens_when_the_maximum_wait_is_up() {
        let waiter = Waiter::new(secs(2), secs(10)).with_jitter(FixedJitter(1.0));
        let script = Script::new(&[RETRY]);
        let error = script.run(&waiter, secs(30)).await.unwrap_err();
        // Sleeps of 2, 4, 8 and 10 seconds leave 6; another 10 would
        // overshoot, so the last sleep is those 6 seconds.
        assert_eq!(script.times(), [0, 2, 6, 14, 24, 30].map(secs));
        let exceeded = error.as_exceeded_max_wait().copied().unwrap();
        assert_eq!(exceeded.max_wait(), secs(30));
        assert_eq!(exceeded.elapsed(), secs(30));
        assert_eq!(exceeded.polls(), 6);
        assert!(error.to_string().contains("30s"), "{error}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_zero_maximum_wait_polls_once() {
        let waiter = Waiter::new(secs(2), secs(10));
        let script = Script::new(&[RETRY]);
        let error = script.run(&waiter, Duration::ZERO).await.unwrap_err();
        assert_eq!(error.as_exceeded_max_wait().map(|e| e.polls()), Some(1));
        assert_eq!(script.times(), [Duration::ZERO]);
    }

    #[tokio::test(start_paused = true)]
    async fn an_unmatched_error_ends_the_wait_and_a_matched_one_does_not() {
        let waiter = Waiter::new(secs(1), secs(1));
        let polls = RefCell::new(0);
        let poll = || async {
            *polls.borrow_mut() += 1;
            Err::<(), _>(SdkError::<std::io::Error>::timeout_error("slow"))
        };
        let error = waiter.wait(secs(60), poll, |_| None).await.unwrap_err();
        assert!(error.as_operation_failed().is_some());
        assert!(error.source().is_some());
        assert_eq!(*polls.borrow(), 1);

        *polls.borrow_mut() = 0;
        let outcome = waiter
            .wait(secs(60), poll, |_| {
                Some(if *polls.borrow() < 3 {
                    AcceptorState::Retry
                } else {
                    AcceptorState::Success
                })
            })
            .await
            .unwrap();
        assert!(outcome.as_result().is_err());
        assert_eq!(*polls.borrow(), 3);
    }
}
