"""html-chromium-2022's PDF with its font's ToUnicode map made invisible: Chromium's CID TrueType subset (Identity-H)
then decodes to unrelated ideographs, and the reader has to take each glyph's character from the embedded font's
own cmap. Every value and finding is html-chromium-2022's, written out by hand there; the text stays "text"."""
import copy

from html_chromium_2022 import SPEC as BASE

SPEC = copy.deepcopy(BASE)
SPEC["name"] = "no-tounicode-2022"
SPEC["description"] = ("html-chromium-2022 with its ToUnicode map disabled: the text is recovered from the embedded "
                       "CID TrueType font's own cmap")
SPEC["post"] = "disable_tounicode"
