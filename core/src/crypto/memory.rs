//! The working memory a crypto worker keeps between jobs: Argon2's block buffer (19 MiB with the
//! default parameters), mapped straight from the kernel so that releasing it gives the pages back.
//!
//! Why not `Vec<Block>`: glibc serves a 19 MiB request with mmap only until the first such block is
//! freed; then it raises its mmap threshold and later buffers come from an arena, which keeps the
//! pages after `free`. A burst of sign-ins would leave the process at its peak size for good.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use argon2::Block;
use memmap2::MmapMut;

/// The largest Argon2 buffer a stored hash may ask for (256 MiB): the parameters come from the
/// database, and a corrupted or hostile row must not make a worker map gigabytes.
pub const MAX_ARGON2_BLOCKS: usize = 256 * 1024;

/// Counts shared by the workspaces of one pool (or owned by a lone workspace).
#[derive(Debug, Default)]
pub(crate) struct MemoryCounters {
    /// Buffers mapped right now.
    pub held: AtomicUsize,
    /// Buffers mapped since the start (a reused buffer is not counted again).
    pub mapped: AtomicU64,
}

/// Why working memory could not be had.
#[derive(Debug, thiserror::Error)]
pub enum MemoryError {
    /// The parameters need more than [`MAX_ARGON2_BLOCKS`].
    #[error(
        "the Argon2 parameters need {blocks} KiB of memory, more than the {MAX_ARGON2_BLOCKS} KiB allowed"
    )]
    TooLarge {
        /// The blocks (KiB) asked for.
        blocks: usize,
    },
    /// The kernel refused the mapping.
    #[error("cannot map {blocks} KiB for Argon2: {source}")]
    Map {
        /// The blocks (KiB) asked for.
        blocks: usize,
        /// The kernel's answer.
        source: std::io::Error,
    },
}

/// One worker's reusable memory. Jobs borrow it; the pool releases it when the worker idles.
#[derive(Debug)]
pub struct Workspace {
    argon2: Option<MmapMut>,
    counters: Arc<MemoryCounters>,
}

impl Default for Workspace {
    fn default() -> Self {
        Self::new()
    }
}

impl Workspace {
    /// A workspace of its own, outside any pool (tests, one-off work).
    pub fn new() -> Self {
        Self::with_counters(Arc::default())
    }

    pub(crate) fn with_counters(counters: Arc<MemoryCounters>) -> Self {
        Self { argon2: None, counters }
    }

    /// `count` Argon2 blocks: the buffer kept from an earlier job when it is large enough,
    /// otherwise a new one (the old one is unmapped). The blocks hold whatever the last job left;
    /// Argon2 overwrites every block before reading it.
    pub fn argon2_blocks(&mut self, count: usize) -> Result<&mut [Block], MemoryError> {
        if count > MAX_ARGON2_BLOCKS {
            return Err(MemoryError::TooLarge { blocks: count });
        }
        let bytes = count * Block::SIZE;
        if self.argon2.as_ref().is_none_or(|map| map.len() < bytes) {
            self.release();
            let map = MmapMut::map_anon(bytes.max(1))
                .map_err(|source| MemoryError::Map { blocks: count, source })?;
            self.counters.held.fetch_add(1, Ordering::Relaxed);
            self.counters.mapped.fetch_add(1, Ordering::Relaxed);
            self.argon2 = Some(map);
        }
        let map = self.argon2.as_mut().expect("mapped above");
        debug_assert_eq!(map.as_ptr().align_offset(std::mem::align_of::<Block>()), 0);
        // SAFETY: the mapping is page-aligned (more than Block's 64-byte alignment), at least
        // `count * Block::SIZE` bytes long and initialised (zero-filled by the kernel, or written by
        // an earlier job); every bit pattern is a valid Block (it is `[u64; 128]`); and the slice
        // borrows `self`, so the mapping outlives it and nothing else aliases it.
        Ok(unsafe { std::slice::from_raw_parts_mut(map.as_mut_ptr().cast::<Block>(), count) })
    }

    /// Whether a buffer is mapped.
    pub fn holds_memory(&self) -> bool {
        self.argon2.is_some()
    }

    /// Unmaps the buffer: its pages go back to the kernel at once.
    pub fn release(&mut self) {
        if self.argon2.take().is_some() {
            self.counters.held.fetch_sub(1, Ordering::Relaxed);
        }
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        self.release();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_buffer_is_reused_while_large_enough_and_replaced_when_not() {
        let mut ws = Workspace::new();
        ws.argon2_blocks(64).unwrap()[63] = Block::new();
        ws.argon2_blocks(32).unwrap();
        assert_eq!(ws.counters.mapped.load(Ordering::Relaxed), 1, "the 64-block buffer serves 32");
        ws.argon2_blocks(128).unwrap();
        assert_eq!(ws.counters.mapped.load(Ordering::Relaxed), 2);
        assert_eq!(ws.counters.held.load(Ordering::Relaxed), 1, "the smaller one was unmapped");
        ws.release();
        assert!(!ws.holds_memory());
        assert_eq!(ws.counters.held.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn absurd_parameters_are_refused_before_mapping() {
        let mut ws = Workspace::new();
        let err = ws.argon2_blocks(MAX_ARGON2_BLOCKS + 1).unwrap_err();
        assert!(matches!(err, MemoryError::TooLarge { .. }), "{err}");
        assert!(!ws.holds_memory());
    }
}
