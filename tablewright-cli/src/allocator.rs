//! The C allocator's settings for a short process that builds a large model on several threads.
//!
//! glibc's malloc grows each thread's heap, and the main heap, by what the allocation asks for
//! plus 128 KiB, one `mprotect` or `brk` at a time; `generate` of a thousand tables grows them
//! thousands of times, and those calls with the page faults around them were a sixth of its CPU
//! time. Asking for 64 MiB more each time makes them a few dozen. Only address space is taken in
//! advance: a page costs memory when it is first written, as before.

/// Sets the allocator up; call first thing in `main`, before any thread starts.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn tune() {
    const TOP_PAD: libc::c_int = 64 << 20;
    // SAFETY: `mallopt` only changes a setting of glibc's allocator, which is glibc's on this
    // target, and no other thread is running to allocate meanwhile.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, TOP_PAD);
    }
}

/// Other allocators keep their own settings.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn tune() {}
