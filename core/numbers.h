// Numbers as text, one formatter of each kind, always in the classic locale ('.' decimal point, no grouping).
//
//   jx::format_shortest(1952.61)      // "1952.61": the shortest text that reads back as the same double
//   jx::format_fixed(0.5, 2)          // "0.50": exactly `decimals` decimals, like printf's %.2f
//   jx::format_rounded(80.125, 2)     // "80.13": rounded to at most `decimals` decimals, trailing zeros dropped
//   jx::format_general(1.4e6, 3)      // "1.4e+06": `precision` significant digits, like printf's %.3g
#pragma once

#include <optional>
#include <string>

namespace jx {

// The shortest text that reads back as `v` ("1952.61", "100", "0.5", "12345678"); "0" for both zeros, "" for a
// value that is not finite. What the summary table and the CSV cells show.
std::string format_shortest(double v);
// The same for a value that may be absent: "" when it is.
std::string format_shortest(const std::optional<double>& v);

// `v` with exactly `decimals` decimals (0 to 17), correctly rounded from its binary value, as printf's "%.*f" prints
// it in the C locale ("inf", "-inf", "nan" for values that are not finite).
std::string format_fixed(double v, int decimals);

// `v` rounded half away from zero to at most `decimals` decimals (0 to 17), trailing zeros and a trailing '.'
// dropped, never "-0" ("1952.61", "120", "0"); "—" for a value that is not finite. Numbers inside messages.
std::string format_rounded(double v, int decimals);

// `v` with at most `precision` significant digits (1 to 17; 0 counts as 1), as printf's "%.*g" prints it in the C
// locale: trailing zeros dropped, an exponent when it is below -4 or not below `precision` ("30", "0.5", "1e+06").
std::string format_general(double v, int precision = 6);

}  // namespace jx
