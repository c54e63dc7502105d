//! One piece of work on its way through the run's rayon pool, shared by the BGZF reader
//! (a block to inflate) and writer (a block to compress): whoever takes it first does it,
//! so a thread of the pool that needs the result never waits on a queue it may itself be
//! needed to serve (issue 15).

use std::sync::{Arc, Condvar, Mutex};

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

    /// A slot for `input` with a pool job queued to do `work` on it (unless a thread that
    /// needs the output takes it first: [`Self::output`]).
    pub fn spawned(input: I, work: impl FnOnce(I) -> O + Send + 'static) -> Arc<Self>
    where
        I: Send + 'static,
        O: Send + 'static,
    {
        let slot = Arc::new(PoolSlot::new(input));
        let job = Arc::clone(&slot);
        rayon::spawn(move || {
            if let Some(input) = job.start() {
                job.finish(work(input));
            }
        });
        slot
    }

    /// Take the input if nobody has started it.
    pub fn start(&self) -> Option<I> {
        self.take_marking_running(|state| match state {
            State::Queued(input) => Ok(input),
            other => Err(other),
        })
    }

    pub fn finish(&self, output: O) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        *state = State::Done(output);
        self.done.notify_all();
    }

    /// Queue a pool job that takes the output back and does `work` on it, if it is there
    /// (otherwise nothing happens: the output is being made, or was taken). Threads that
    /// want the output wait until the job is done.
    pub fn rework(self: &Arc<Self>, work: impl FnOnce(O) -> O + Send + 'static)
    where
        I: Send + 'static,
        O: Send + 'static,
    {
        let slot = Arc::clone(self);
        rayon::spawn(move || {
            if let Some(output) = slot.reopen() {
                slot.finish(work(output));
            }
        });
    }

    /// Take the output back to work on it further (it must be `finish`ed again): waiters
    /// wait until then. `None` (and nothing changes) unless the output is there.
    fn reopen(&self) -> Option<O> {
        self.take_marking_running(|state| match state {
            State::Done(output) => Ok(output),
            other => Err(other),
        })
    }

    /// What `pick` takes out of the state, which is then `Running`; the state unchanged when
    /// `pick` hands it back.
    fn take_marking_running<T>(
        &self,
        pick: impl FnOnce(State<I, O>) -> Result<T, State<I, O>>,
    ) -> Option<T> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        match pick(std::mem::replace(&mut *state, State::Running)) {
            Ok(taken) => Some(taken),
            Err(unchanged) => {
                *state = unchanged;
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

    /// The output for the calling thread. A pool thread does the work here (with `work`) if
    /// nobody has started it, so it never waits on a queue it may itself be needed to serve
    /// (batch mode: each pool thread reads or writes its own sample); any other thread only
    /// waits, leaving the work to the pool. `None` if it was taken already.
    pub fn output(&self, work: impl FnOnce(I) -> O) -> Option<O> {
        if rayon::current_thread_index().is_none() {
            return self.wait();
        }
        match self.start() {
            Some(input) => Some(work(input)),
            None => self.wait(),
        }
    }
}
