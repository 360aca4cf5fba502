// Replays every file of a folder through one fuzz target's LLVMFuzzerTestOneInput, without libFuzzer: the kept
// crash and seed inputs run in the ordinary ctest with any compiler. Fails when the folder holds fewer files than
// expected, so no kept input silently vanishes.
//   <target>_regress DIR MIN_FILES
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s DIR MIN_FILES\n", argv[0]);
    return 2;
  }
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(argv[1], ec))
    if (e.is_regular_file()) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  }
  long min_files = std::stol(argv[2]);
  std::printf("%zu inputs replayed from %s\n", files.size(), argv[1]);
  if (static_cast<long>(files.size()) < min_files) {
    std::fprintf(stderr, "expected at least %ld inputs in %s\n", min_files, argv[1]);
    return 1;
  }
  return 0;
}
