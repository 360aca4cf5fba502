// Keeping Tesseract to one thread. Tesseract parallelises its LSTM with OpenMP, and the OpenMP runtime (libgomp)
// reads OMP_THREAD_LIMIT once, when it is loaded — before main() runs — so a setenv() inside the program comes too
// late. Unlimited, two OpenMP threads spin against the batch's worker processes: on a busy 2-core machine one page
// took 3–5× longer in wall time. The program therefore has to start with the variable already set.
//
//   int main(int argc, char** argv) {
//     jx::extract::reexec_with_single_thread_openmp(argv);   // first thing: may replace the process
//     ...
#pragma once

namespace jx::extract {

// If OMP_THREAD_LIMIT is unset, sets it to 1 and re-executes the running program (/proc/self/exe) with the same
// arguments; returns normally when the variable is already set or the re-execution fails (the program then runs
// with OpenMP's defaults). `argv` must be main's argv (null-terminated).
void reexec_with_single_thread_openmp(char** argv);

// Sets OMP_THREAD_LIMIT to 1 when it is unset, for a program about to execute another one that would call
// reexec_with_single_thread_openmp() (jxaudit handing a batch to jxaudit-full): that one then starts once, not twice.
void limit_openmp_for_next_program();

}  // namespace jx::extract
