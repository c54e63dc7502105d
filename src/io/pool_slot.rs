//! One piece of work on its way through the run's rayon pool, shared by the BGZF reader
//! (a block to inflate) and writer (a block to compress): whoever takes it first does it,
//! so a thread of the pool that needs the result never waits on a queue it may itself be
//! needed to serve (issue 15).

use std::sync::{Condvar, Mutex};

pub struct PoolSlot<I, O> {
    state: Mutex<State<I, O>>,
    done: Condvar,
}

enum State<I, O> {
    /// Not started: whoever takes it first does it.
    Queued(I),
    Running,
    Done(O),
    Taken,
}

impl<I, O> PoolSlot<I, O> {
    pub fn new(input: I) -> Self {
        PoolSlot {
            state: Mutex::new(State::Queued(input)),
            done: Condvar::new(),
        }
    }

    /// Take the input if nobody has started it.
    pub fn start(&self) -> Option<I> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        match std::mem::replace(&mut *state, State::Running) {
            State::Queued(input) => Some(input),
            other => {
                *state = other;
                None
            }
        }
    }

    pub fn finish(&self, output: O) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        *state = State::Done(output);
        self.done.notify_all();
    }

    /// Take the output back to work on it further (it must be `finish`ed again): waiters
    /// wait until then. `None` (and nothing changes) unless the output is there.
    pub fn reopen(&self) -> Option<O> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        match std::mem::replace(&mut *state, State::Running) {
            State::Done(output) => Some(output),
            other => {
                *state = other;
                None
            }
        }
    }

    /// Whether the output is there to take.
    pub fn is_done(&self) -> bool {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        matches!(*state, State::Done(_))
    }

    /// The output of work a pool thread is doing (or will: queued jobs all run); `None` if
    /// it was taken already.
    pub fn wait(&self) -> Option<O> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            match std::mem::replace(&mut *state, State::Taken) {
                State::Done(output) => return Some(output),
                State::Taken => return None,
                other => {
                    *state = other;
                    state = self.done.wait(state).unwrap_or_else(|e| e.into_inner());
                }
            }
        }
    }

    /// The output, doing the work here (with `work`) if nobody has started it: the way a
    /// pool thread waits without risking a deadlock.
    pub fn take_or_run(&self, work: impl FnOnce(I) -> O) -> Option<O> {
        match self.start() {
            Some(input) => Some(work(input)),
            None => self.wait(),
        }
    }
}
