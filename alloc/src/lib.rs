//! The global allocator of the `siemulator` command, the benchmarks and the language bindings:
//! mimalloc, called through its plain entry points for layouts of word alignment or less.
//!
//! The `mimalloc` crate passes every request to `mi_malloc_aligned`. When mimalloc has no free
//! block of the size class at hand, and for every block over 1 KiB, that call takes a generic
//! path, which for most sizes allocates `size + align - 1` bytes and aligns the pointer inside.
//! Parsing a line allocates several such blocks, such as the copy of the line and the vector
//! of its fields, and the generic path cost the parse engine about 3% of its instructions per
//! line on a PAN-OS log.
//!
//! Every mimalloc block starts at a multiple of the word size: the size classes are whole
//! words, and the first block of a page is 16-byte aligned. So the plain `mi_malloc` serves any
//! layout whose alignment is at most a word.
#![no_std]

use core::alloc::{GlobalAlloc, Layout};
use core::ffi::c_void;

use libmimalloc_sys::{mi_free, mi_malloc, mi_malloc_aligned, mi_realloc, mi_realloc_aligned, mi_zalloc, mi_zalloc_aligned};

/// The largest alignment that every block of `mi_malloc` has.
const WORD: usize = core::mem::size_of::<usize>();

/// mimalloc as a global allocator, with plain calls for layouts of word alignment or less.
///
/// # Examples
/// ```
/// #[global_allocator]
/// static ALLOCATOR: siemulator_alloc::Allocator = siemulator_alloc::Allocator;
///
/// let line = String::from("TRAFFIC,end");
/// assert_eq!(line.len(), 11);
/// ```
pub struct Allocator;

// SAFETY: each method forwards to the mimalloc function for the same request. Layouts of word
// alignment or less go to the plain functions, whose blocks are word-aligned (see the module
// documentation), and the others to the aligned functions. `mi_free` frees blocks of both.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: mimalloc accepts any size and a power-of-two alignment, which `Layout` has.
        unsafe {
            if layout.align() <= WORD {
                mi_malloc(layout.size()).cast()
            } else {
                mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as in `alloc`.
        unsafe {
            if layout.align() <= WORD {
                mi_zalloc(layout.size()).cast()
            } else {
                mi_zalloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: the caller passes a block this allocator returned, which mimalloc made.
        unsafe { mi_free(ptr.cast::<c_void>()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller passes a block this allocator returned with `layout`, and the new
        // block keeps the alignment of the old one.
        unsafe {
            if layout.align() <= WORD {
                mi_realloc(ptr.cast::<c_void>(), new_size).cast()
            } else {
                mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Allocates, fills, grows and frees blocks of many sizes and alignments, checking that
    /// each is aligned and keeps its bytes.
    #[test]
    fn blocks_keep_alignment_and_contents() {
        let allocator = Allocator;
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1, 3, 8, 24, 100, 1000, 1025, 5000, 70_000] {
                let layout = Layout::from_size_align(size, align).unwrap();
                unsafe {
                    let block = allocator.alloc(layout);
                    assert!(!block.is_null());
                    assert_eq!(block as usize % align, 0, "size {size}, align {align}");
                    block.write_bytes(0xa5, size);
                    let grown = allocator.realloc(block, layout, size * 3);
                    assert_eq!(grown as usize % align, 0, "grown {size}, align {align}");
                    assert!((0..size).all(|at| *grown.add(at) == 0xa5), "contents after growing {size}");
                    allocator.dealloc(grown, Layout::from_size_align(size * 3, align).unwrap());

                    let zeroed = allocator.alloc_zeroed(layout);
                    assert_eq!(zeroed as usize % align, 0, "zeroed {size}, align {align}");
                    assert!((0..size).all(|at| *zeroed.add(at) == 0), "zeroed {size}");
                    allocator.dealloc(zeroed, layout);
                }
            }
        }
    }
}
