// The second line recognizer (extract/ocr/internal/line_model.h): a crop scaled to the network's 48 pixels, padded
// to the narrowest graph that holds it, run through OpenCV's DNN module, decoded greedily (CTC: the likeliest class
// at each step, repeats and blanks dropped).
#include "extract/ocr/internal/line_model.h"

#include <dlfcn.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <opencv2/core/utils/logger.hpp>
#include <opencv2/dnn.hpp>
#include <vector>

#include "core/utf8.h"

namespace jx::extract::ocr {

namespace {

constexpr int kHeight = 48;  // the network's input height
constexpr int kStride = 8;   // input columns per output step

// The pixel value 0 in the network's input: grey g enters as g / 127.5 - 1, and the padding right of the line is
// zeros there (PaddleOCR's own padding), mid grey.
constexpr float kPad = 0.0F;

// Full-width ASCII forms (U+FF01..U+FF5E) as ASCII; everything else as it is.
std::string narrow(const std::string& s) {
  std::u32string cps = utf8::decode(s);
  for (char32_t& c : cps)
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;
  return utf8::encode(cps);
}

}  // namespace

struct LineModel::Impl {
  std::string dir;
  std::vector<std::string> keys;  // class k (1..) is keys[k - 1] (narrow()ed); the class after them is a space
  std::vector<int> widths;        // ascending
  std::map<int, cv::dnn::Net> nets;

  // The graph for `width`, loaded on first use (a worker that reads no long line never loads the wide ones).
  cv::dnn::Net* net(int width) {
    auto it = nets.find(width);
    if (it != nets.end()) return it->second.empty() ? nullptr : &it->second;
    cv::dnn::Net loaded;
    try {
      loaded = cv::dnn::readNetFromONNX(dir + "/rec-" + std::to_string(width) + ".onnx");
      loaded.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
      loaded.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    } catch (const cv::Exception&) {
      loaded = cv::dnn::Net();
    }
    cv::dnn::Net& at = nets.emplace(width, std::move(loaded)).first->second;
    return at.empty() ? nullptr : &at;
  }
};

LineModel::LineModel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LineModel::~LineModel() = default;

std::unique_ptr<LineModel> LineModel::open(const std::string& dir, std::string* error) {
  namespace fs = std::filesystem;
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  std::ifstream in(dir + "/keys.txt");
  for (std::string line; std::getline(in, line);) impl->keys.push_back(narrow(line));
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > 9 && name.starts_with("rec-") && name.ends_with(".onnx")) {
      const int w = std::atoi(name.c_str() + 4);
      if (w > 0 && w % kStride == 0) impl->widths.push_back(w);
    }
  }
  std::sort(impl->widths.begin(), impl->widths.end());
  if (impl->keys.empty() || impl->widths.empty()) {
    if (error != nullptr) *error = "no line model in " + dir + " (scripts/install-models.sh makes it)";
    return nullptr;
  }
  // The batch runs one worker per core: OpenCV must not start threads of its own. Its import warnings would go to
  // stderr; a model that does not load is reported by read_line() reading nothing.
  cv::setNumThreads(1);
  cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT);
  if (impl->net(impl->widths.front()) == nullptr) {
    if (error != nullptr) *error = "the line model in " + dir + " does not load";
    return nullptr;
  }
  return std::unique_ptr<LineModel>(new LineModel(std::move(impl)));
}

Reading LineModel::read_line(PIX* image, int ox, int oy, double dpi, int x0, int y0, int x1, int y1) {
  Reading out;
  if (image == nullptr || pixGetDepth(image) != 8) return out;
  // The line with a little paper around it (a fifth of its height each side, inside the crop).
  const int pad = std::max(2, (y1 - y0) / 5);
  const int cx0 = std::max(0, x0 - ox - pad), cy0 = std::max(0, y0 - oy - pad);
  const int cx1 = std::min(pixGetWidth(image), x1 - ox + pad), cy1 = std::min(pixGetHeight(image), y1 - oy + pad);
  if (cx1 - cx0 < 2 || cy1 - cy0 < 2) return out;
  BoxPtr box(boxCreate(cx0, cy0, cx1 - cx0, cy1 - cy0));
  PixPtr line(pixClipRectangle(image, box.get(), nullptr));
  if (!line) return out;
  const float s = static_cast<float>(kHeight) / static_cast<float>(cy1 - cy0);
  int scaled_w = std::max(1, static_cast<int>(std::lround((cx1 - cx0) * s)));
  auto fit = std::lower_bound(impl_->widths.begin(), impl_->widths.end(), scaled_w);
  const int width = fit == impl_->widths.end() ? impl_->widths.back() : *fit;
  const float sx = scaled_w > width ? static_cast<float>(width) / static_cast<float>(cx1 - cx0) : s;
  scaled_w = std::min(scaled_w, width);
  // Linear interpolation (area mapping when reducing a lot), no sharpening: as PaddleOCR's own resize.
  PixPtr scaled(pixScaleGeneral(line.get(), sx, s, 0.0F, 0));
  if (!scaled || pixGetDepth(scaled.get()) != 8) return out;
  cv::dnn::Net* net = impl_->net(width);
  if (net == nullptr) return out;

  const int sizes[] = {1, 3, kHeight, width};
  cv::Mat blob(4, sizes, CV_32F, cv::Scalar(kPad));
  const int plane = kHeight * width;
  auto* data = blob.ptr<float>();
  const int ph = std::min(kHeight, static_cast<int>(pixGetHeight(scaled.get())));
  const int pw = std::min(scaled_w, static_cast<int>(pixGetWidth(scaled.get())));
  for (int y = 0; y < ph; ++y)
    for (int x = 0; x < pw; ++x) {
      l_uint32 v = 0;
      pixGetPixel(scaled.get(), x, y, &v);
      const float f = static_cast<float>(v) / 127.5F - 1.0F;
      data[y * width + x] = data[plane + y * width + x] = data[2 * plane + y * width + x] = f;
    }
  cv::Mat probs;
  try {
    net->setInput(blob);
    probs = net->forward();
  } catch (const cv::Exception&) {
    return out;
  }
  if (probs.dims != 3 || probs.size[0] != 1) return out;
  const int steps = probs.size[1], classes = probs.size[2];
  const auto* p = probs.ptr<float>();

  struct Emitted {
    std::string text;
    float prob;
    double centre;  // input column
  };
  std::vector<Emitted> chars;
  int previous = 0;
  for (int t = 0; t < steps; ++t) {
    const float* row = p + static_cast<std::ptrdiff_t>(t) * classes;
    const int best = static_cast<int>(std::max_element(row, row + classes) - row);
    if (best != 0 && best == previous && !chars.empty()) {
      chars.back().prob = std::max(chars.back().prob, row[best]);
      chars.back().centre = (chars.back().centre + (t + 0.5) * kStride) / 2;
    } else if (best != 0) {
      const std::size_t k = static_cast<std::size_t>(best - 1);
      chars.push_back({k < impl_->keys.size() ? impl_->keys[k] : std::string(" "), row[best], (t + 0.5) * kStride});
    }
    previous = best;
  }
  // Spaces separate; they are not glyphs.
  std::erase_if(chars, [](const Emitted& e) { return e.text.empty() || e.text == " "; });
  if (chars.empty()) return out;

  const double k = 72.0 / dpi;
  double sum = 0;
  for (std::size_t i = 0; i < chars.size(); ++i) {
    const double left = i == 0 ? 0 : (chars[i - 1].centre + chars[i].centre) / 2;
    const double right = i + 1 == chars.size() ? scaled_w : (chars[i].centre + chars[i + 1].centre) / 2;
    Glyph g;
    g.text = chars[i].text;
    g.box = Box{(ox + cx0 + left / sx) * k, y0 * k, (ox + cx0 + std::max(left + 1, right) / sx) * k, y1 * k};
    g.font_size = (y1 - y0) * k;
    g.confidence = 100.0F * chars[i].prob;
    sum += g.confidence;
    out.text += g.text;
    out.glyphs.push_back(std::move(g));
  }
  out.mean_confidence = sum / static_cast<double>(out.glyphs.size());
  return out;
}

std::string line_model_dir() {
  if (const char* dir = std::getenv("JX_LINE_MODEL_DIR"); dir != nullptr && *dir != '\0') return dir;
  // An installed module (PREFIX/lib/jxaudit/libjx_ocr.so) finds the model where `cmake --install` put it.
  Dl_info self{};
  if (dladdr(reinterpret_cast<void*>(&line_model_dir), &self) != 0 && self.dli_fname != nullptr) {
    std::error_code ec;
    const std::filesystem::path installed =
        std::filesystem::path(self.dli_fname).parent_path() / "../../share/jxaudit/ppocr-v4";
    if (std::filesystem::is_directory(installed, ec)) return installed.lexically_normal().string();
  }
  return JX_LINE_MODEL_DEFAULT_DIR;
}

}  // namespace jx::extract::ocr
