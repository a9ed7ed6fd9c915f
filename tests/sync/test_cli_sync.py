"""The sync commands end to end: province → setup package → laptop → bundle → province."""

from __future__ import annotations

from desktop import cli

PROVINCE_PASS = "matkhau-tinh-1"
LAPTOP_PASS = "matkhau-xa-123"
PHRASE = "ab2c-de3f-gh4j-km5n-pq6r-st7u"


def test_week_of_work_reaches_the_province(tmp_path, capsys, monkeypatch):
    prov, lap, stick = tmp_path / "province", tmp_path / "laptop", tmp_path / "usb"
    stick.mkdir()
    monkeypatch.setenv("KHIEN_PASSWORD", PROVINCE_PASS)
    monkeypatch.setenv("KHIEN_SETUP_PASSPHRASE", PHRASE)
    monkeypatch.setenv("KHIEN_FIRST_PASSWORD", LAPTOP_PASS)
    base = ["--data-dir"]
    assert cli.main(["init", *base, str(prov), "--unit", "20", "--admin", "quantri",
                     "--recovery-out", str(tmp_path / "rec.txt")]) == 0  # fmt: skip
    package = tmp_path / "thatkhe.setup"
    assert cli.main(["enrol", *base, str(prov), "--user", "quantri", "--unit", "6040",
                     "--admin", "canbo.thatkhe", "--office-name", "UBND xã Thất Khê",
                     "--out", str(package)]) == 0  # fmt: skip
    monkeypatch.setenv("KHIEN_PASSWORD", LAPTOP_PASS)
    assert (
        cli.main(
            ["init", *base, str(lap), "--setup-package", str(package), "--user", "canbo.thatkhe"]
        )
        == 0
    )
    # A laptop never makes demonstration data (it would travel up): the officer records.
    assert (
        cli.main(
            ["demo", *base, str(lap), "--user", "canbo.thatkhe", "--events", "30", "--cases", "5"]
        )
        == 1
    )
    for day in ("2026-07-28", "2026-07-29"):
        assert cli.main(["record", "event", *base, str(lap), "--user", "canbo.thatkhe",
                         "--kind", "talk", "--title", f"Nói chuyện {day}", "--date", day]) == 0  # fmt: skip
    capsys.readouterr()
    assert (
        cli.main(
            ["bundle", "export", *base, str(lap), "--user", "canbo.thatkhe", "--out", str(stick)]
        )
        == 0
    )
    capsys.readouterr()
    bundles = sorted(stick.glob("*.khb"))
    assert len(bundles) == 1
    monkeypatch.setenv("KHIEN_PASSWORD", PROVINCE_PASS)
    assert (
        cli.main(["bundle", "import", *base, str(prov), "--user", "quantri", str(bundles[0])]) == 0
    )
    assert (
        cli.main(["bundle", "import", *base, str(prov), "--user", "quantri", str(bundles[0])]) == 0
    )
    first, second = capsys.readouterr().out.strip().splitlines()
    assert "0 conflicts" in first or "0 xung đột" in first
    assert bundles[0].name in second and first != second
    junk = stick / "junk.khb"
    junk.write_bytes(b"not a bundle")
    assert cli.main(["bundle", "import", *base, str(prov), "--user", "quantri", str(junk)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(str(junk))
