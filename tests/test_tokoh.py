"""The persona sheet (lessons/tokoh.yml) agrees with the data the lessons show."""

import csv
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _people():
    sheet = yaml.safe_load((ROOT / "lessons" / "tokoh.yml").read_text("utf-8"))
    return {person["id"]: person for person in sheet["tokoh"]}


def test_bu_saris_yearly_figures_are_the_sales_dashboards():
    rows = list(csv.DictReader((ROOT / "widgets" / "data" / "contoh_penjualan.csv").open(encoding="utf-8")))
    turnover = Counter()
    for row in rows:
        turnover[row["metode_bayar"]] += int(row["jumlah"]) * int(row["harga_satuan"])
    figures = _people()["bu-sari"]["angka_2025"]
    assert figures["omzet_setahun"] == sum(turnover.values())
    assert figures["transaksi_setahun"] == len(rows)
    assert figures["transaksi_qris_setahun"] == sum(row["metode_bayar"] == "QRIS" for row in rows)
    assert figures["omzet_qris_setahun"] == turnover["QRIS"]
    assert abs(figures["omzet_sebulan_rata_rata"] - figures["omzet_setahun"] / 12) < 1000


def test_bu_saris_prices_are_the_ones_her_sales_data_uses():
    rows = csv.DictReader((ROOT / "widgets" / "data" / "contoh_penjualan.csv").open(encoding="utf-8"))
    first_price = {}
    for row in rows:
        first_price.setdefault(row["produk"], int(row["harga_satuan"]))
    listed = {product["nama"]: product["harga"] for product in _people()["bu-sari"]["produk"]}
    for product, price in first_price.items():
        assert listed[product] == price, product


def test_the_three_recurring_names_are_three_people():
    people = _people()
    assert {person["nama"] for person in people.values()} == {"Bu Sari", "Pak Andi", "Bu Rina"}
    others = yaml.safe_load((ROOT / "lessons" / "tokoh.yml").read_text("utf-8"))["lainnya"]
    assert not {other["nama"] for other in others} & {"Bu Sari", "Pak Andi", "Bu Rina"}
