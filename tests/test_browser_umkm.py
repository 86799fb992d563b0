"""A phone-sized browser uses the UMKM gallery page like Bu Sari would: prices first, then her sales."""

import csv
import re
from collections import Counter

import pytest
from conftest import ROOT
from playwright.sync_api import expect

from literasi.widgets.pricing.core import load_marketplace_data

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGE = "galeri/umkm.ipynb"


def test_learner_types_hpp_and_price_then_tries_the_example_rates(site, phone):
    phone.goto(f"{site}/voila/render/id/{PAGE}")
    calculator = phone.locator(".literasi-umkm").first
    expect(calculator).to_be_visible()
    calculator.locator(".literasi-umkm-cost input").fill("10.000")
    calculator.locator(".literasi-umkm-price input").fill("20.000")
    result = calculator.locator(".literasi-umkm-result")
    # The practice rates (10% + Rp1.000, labelled as examples) are filled in until she types her shop's own fees
    expect(result.locator(".literasi-umkm-net")).to_have_text("Rp17.000")

    example = load_marketplace_data().example("tarif-contoh")
    option = calculator.locator(".literasi-umkm-example select option", has_text=example.label["id"])
    calculator.locator(".literasi-umkm-example select").select_option(label=option.inner_text())
    expect(calculator.locator(".literasi-umkm-commission input")).to_have_value("10")
    # 20.000 − 10% (2.000) − Rp1.000 per order = 17.000; margin 7.000 / 20.000 = 35%
    expect(result.locator(".literasi-umkm-net")).to_have_text("Rp17.000")
    expect(result.locator(".literasi-umkm-margin")).to_have_text("35%")
    expect(calculator.locator(".literasi-umkm-example-note")).to_contain_text("bukan tarif platform")
    expect(calculator.locator(".literasi-umkm-channels img")).to_have_attribute("alt", re.compile("Rp17.000"))
    expect(calculator.locator(".literasi-umkm-channels")).to_contain_text("Pasal 21 ayat (3)")

    calculator.locator(".literasi-umkm-target-margin input").fill("95")
    expect(result.locator(".literasi-umkm-targets")).to_contain_text("tidak mungkin tercapai")
    assert phone.hosts == {"127.0.0.1"}, f"third-party requests: {phone.hosts - {'127.0.0.1'}}"


def test_learner_loads_the_sample_sales_then_a_broken_file(site, phone):
    with (ROOT / "widgets" / "data" / "contoh_penjualan.csv").open(encoding="utf-8", newline="") as file:
        sold = Counter()
        for row in csv.DictReader(file):
            sold[row["produk"]] += int(row["jumlah"])
    best, best_quantity = sold.most_common(1)[0]

    phone.goto(f"{site}/voila/render/id/{PAGE}")
    dashboard = phone.locator(".literasi-umkm-sales")
    dashboard.scroll_into_view_if_needed()
    dashboard.get_by_role("button", name="Pakai contoh data").click()
    expect(dashboard.locator(".literasi-umkm-best")).to_contain_text(best)
    expect(dashboard.locator(".literasi-umkm-best")).to_contain_text(str(best_quantity))
    expect(dashboard.locator(".literasi-umkm-monthly img")).to_have_attribute("alt", re.compile("Desember 2025"))
    expect(dashboard.locator(".literasi-umkm-bestsellers img")).to_have_attribute("alt", re.compile(best))
    expect(dashboard.locator(".literasi-umkm-methods img")).to_be_visible()

    with phone.expect_file_chooser() as chooser:
        dashboard.locator(".literasi-umkm-upload").click()
    chooser.value.set_files(files=[{
        "name": "penjualan_saya.csv", "mimeType": "text/csv",
        "buffer": b"tanggal;produk;jumlah;harga_satuan;metode_bayar\n02/01/2025;Keripik;2;15.000;QRIS\n"
                  b"03/01/2025;Keripik;dua;15.000;tunai\n"}])
    status = dashboard.locator(".literasi-umkm-status")
    expect(status).to_contain_text("penjualan_saya.csv")
    expect(status).to_contain_text("Baris 3")
    expect(dashboard.locator(".literasi-umkm-monthly img")).to_have_count(0)
