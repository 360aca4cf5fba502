// The text binary's allocator set-up, run before anything allocates: linked into jxaudit when it is built with
// mimalloc (CMake option JX_MIMALLOC).
//
// mimalloc is asked to back its memory with 2 MiB pages (transparent huge pages, which Linux grants on request by
// default: /sys/kernel/mm/transparent_hugepage/enabled = madvise). A one-file audit is short: much of its kernel time
// went to page faults, one for each 4 KiB page of heap it touched first (the PDF's objects, Poppler's and ours; about
// 800 of the 1,300 faults of a three-page report), each costing far more than zeroing the page. With 2 MiB pages the
// same heap costs a few faults. Where the kernel refuses them (THP "never"), mimalloc keeps 4 KiB pages; nothing else
// changes. MIMALLOC_LARGE_OS_PAGES=0 in the environment turns it off again (mimalloc reads its options once, at first
// use, from the environment; this sets only the default).
//
// Not in jxaudit-full: a batch's workers live long enough for the faults not to matter, and an OCR worker's largest
// buffers grew its peak memory by a tenth with 2 MiB pages, for no CPU measured (audit samples -o, 3 runs each way).
//
// The option must be set before mimalloc maps its first segment, which the libraries' own initialisers (libstdc++'s
// among them) already do: hence a function in the executable's .preinit_array, which the dynamic loader runs before
// any library's initialiser (only an executable's preinit functions run, so this file is not put in a library).
#include <mimalloc.h>

namespace {

void use_large_os_pages(int /*argc*/, char** /*argv*/, char** /*envp*/) {
  mi_option_set_default(mi_option_large_os_pages, 1);
}

}  // namespace

// The loader calls each function of the array; `used` keeps it, though nothing names it.
__attribute__((section(".preinit_array"), used)) void (*const kAllocatorSetup)(int, char**,
                                                                               char**) = use_large_os_pages;
