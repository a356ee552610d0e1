"""Copy the front-end assets installed from the npm registry into static files.

Nothing is ever loaded from a CDN: Iranian offices often cannot reach them. `npm ci`
installs the exact versions in package-lock.json; this script copies only the files the
pages use into hamahang/static/vendor/, which WhiteNoise then serves.
"""

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
VENDOR = ROOT / "hamahang" / "static" / "vendor"

# (source inside node_modules, destination inside static/vendor)
FILES = [
    ("bootstrap/dist/css/bootstrap.rtl.min.css", "bootstrap/bootstrap.rtl.min.css"),
    ("bootstrap/dist/js/bootstrap.bundle.min.js", "bootstrap/bootstrap.bundle.min.js"),
    ("bootstrap-icons/font/bootstrap-icons.min.css", "bootstrap-icons/bootstrap-icons.min.css"),
    ("bootstrap-icons/font/fonts", "bootstrap-icons/fonts"),
    ("htmx.org/dist/htmx.min.js", "htmx/htmx.min.js"),
    ("chart.js/dist/chart.umd.min.js", "chartjs/chart.umd.min.js"),
    (
        "@majidh1/jalalidatepicker/dist/jalalidatepicker.min.js",
        "jalalidatepicker/jalalidatepicker.min.js",
    ),
    (
        "@majidh1/jalalidatepicker/dist/jalalidatepicker.min.css",
        "jalalidatepicker/jalalidatepicker.min.css",
    ),
    ("vazirmatn/Vazirmatn-font-face.css", "vazirmatn/Vazirmatn-font-face.css"),
    ("vazirmatn/fonts/webfonts", "vazirmatn/fonts/webfonts"),
    ("vazirmatn/fonts/ttf", "vazirmatn/fonts/ttf"),
    # Vazirmatn with Persian digit glyphs, for date boxes whose value is in Latin digits.
    (
        "vazirmatn/misc/Farsi-Digits/fonts/webfonts/Vazirmatn-FD-Regular.woff2",
        "vazirmatn/fd/Vazirmatn-FD-Regular.woff2",
    ),
]


def main() -> int:
    if not NODE.is_dir():
        print("node_modules is missing: run `npm ci` first", file=sys.stderr)
        return 1
    for source, destination in FILES:
        src, dst = NODE / source, VENDOR / destination
        if not src.exists():
            print(f"missing npm asset: {source}", file=sys.stderr)
            return 1
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            shutil.copy2(src, dst)
            # Minified files name their source map; production's manifest storage follows it.
            source_map = src.with_name(src.name + ".map")
            if source_map.exists():
                shutil.copy2(source_map, dst.with_name(dst.name + ".map"))
    print(f"copied {len(FILES)} asset entries into {VENDOR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
