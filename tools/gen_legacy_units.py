"""Regenerate resources/data/legacy_units_20.json from the `vietnam-provinces` package.

The package's legacy (pre-July-2025) divisions need Python >= 3.12, while Khiên supports
3.11, so the few hundred legacy units of Lạng Sơn are kept as a data snapshot. Run with a
Python 3.12+ interpreter that has vietnam-provinces >= 2026.9 installed:

    python3.12 tools/gen_legacy_units.py > resources/data/legacy_units_20.json
"""

import json
import sys

from vietnam_provinces import _ward_conversion_2025 as conv
from vietnam_provinces.legacy import District, Province, ProvinceCode, Ward

PROVINCE = 20


def main() -> None:
    prov = Province.from_code(ProvinceCode(PROVINCE))
    districts = [d for d in District.iter_all() if int(d.province_code) == PROVINCE]
    wards = [w for w in Ward.iter_all() if int(w.province_code) == PROVINCE]
    out = {
        "source": "vietnam-provinces legacy divisions and 2025 conversion table",
        "effective_date": conv.EFFECTIVE_DATE,
        "province": {"code": int(prov.code), "name": prov.name},
        "districts": [
            {"code": int(d.code), "name": d.name, "type": str(d.division_type)}
            for d in sorted(districts, key=lambda d: int(d.code))
        ],
        "communes": [
            {
                "code": int(w.code),
                "name": w.name,
                "type": str(w.division_type),
                "district_code": int(w.district_code),
                "new_codes": [
                    n.code for n in conv.OLD_TO_NEW[int(w.code)].new_wards
                ] if int(w.code) in conv.OLD_TO_NEW else [],
            }
            for w in sorted(wards, key=lambda w: int(w.code))
        ],
    }
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
