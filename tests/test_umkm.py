"""UMKM widgets: the marketplace price & margin calculator and the sales dashboard, as a seller uses them."""

import builtins
import csv
import datetime as dt
import io
import re
from collections import Counter, defaultdict
from decimal import Decimal, localcontext
from pathlib import Path

import pytest
import yaml
from helpers import assert_result_or_sentence, broken_data_copy
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from literasi.facts import read_facts
from literasi.widgets import MarketplacePriceCalculator, SalesDashboard
from literasi.widgets.data_checks import data_file_problems
from literasi.widgets.money import format_percent_value
from literasi.widgets.pricing.calculator import render_example_note
from literasi.widgets.pricing.core import (
    ShopFees,
    analyse_from_text,
    analyse_pricing,
    check_data,
    load_marketplace_data,
    marketplace_item,
    price_for_margin,
    read_marketplace_data,
)
from literasi.widgets.problems import InputProblem
from literasi.widgets.qris.core import load_qris_rules
from literasi.widgets.sales import core as sales
from literasi.widgets.sales.core import BadCell, SalesFileProblem, parse_sales_date, parse_sales_number, read_sales

D = Decimal
FIELDS = ("cost", "price", "commission", "order_fee", "payment_fee", "programme", "discount", "target_margin")


# --- Price & margin: the numbers -----------------------------------------------------------------

def test_seller_keeps_the_price_minus_commission_and_order_fee():
    # Bu Sari sells keripik for Rp15.000 that cost her Rp9.000; the shop charges 8% and Rp1.250 per order.
    item = marketplace_item(D(9000), D(15000), ShopFees(commission_percent=D(8), order_fee=D(1250)))
    assert item.total_fees == 1200 + 1250
    assert item.net_received == 12_550
    assert item.profit == 3_550
    assert item.margin_percent.quantize(D("0.01")) == D("23.67")


def test_discount_payment_and_programme_fees_are_taken_from_what_the_buyer_pays():
    fees = ShopFees(commission_percent=D(5), order_fee=D(1000), payment_fee_percent=D(1), programme_percent=D(4),
                    discount_percent=D(10))
    item = marketplace_item(D(12_000), D(20_000), fees)
    assert item.paid_price == 18_000  # 10% off Rp20.000
    assert {line.key: line.amount for line in item.fees} == {
        "commission": 900, "order_fee": 1000, "payment_fee": 180, "programme": 720}
    assert item.net_received == 18_000 - 2_800
    assert item.profit == 3_200


def test_payment_fee_in_rupiah_is_charged_once_per_order():
    fees = ShopFees(payment_fee_rupiah=D(2500))
    assert marketplace_item(D(5000), D(10_000), fees).net_received == 7_500


def test_break_even_and_target_price_follow_the_fee_formula():
    fees = ShopFees(commission_percent=D(8), order_fee=D(1250))
    # (HPP + fixed fees) / (1 − 8% − margin), rounded up to whole rupiah
    assert price_for_margin(D(9000), fees, D(0)).price == 11_142  # 10.250 / 0,92 = 11.141,30…
    assert price_for_margin(D(9000), fees, D(20)).price == 14_237  # 10.250 / 0,72 = 14.236,11…


def test_a_discount_raises_the_price_needed_before_the_discount():
    fees = ShopFees(commission_percent=D(10), discount_percent=D(20))
    target = price_for_margin(D(7200), fees, D(0))
    assert target.price == 10_000  # paid 8.000 × 90% = 7.200 = HPP


@settings(max_examples=200, deadline=None)
@given(cost=st.integers(1, 10**8), order_fee=st.integers(0, 10**5),
       percents=st.lists(st.decimals(0, 60, places=2), min_size=5, max_size=5))
def test_suggested_price_reaches_the_margin_and_one_rupiah_less_does_not(cost, order_fee, percents):
    commission, payment, programme, discount, margin = percents
    fees = ShopFees(commission_percent=commission, order_fee=D(order_fee), payment_fee_percent=payment,
                    programme_percent=programme, discount_percent=discount)
    target = price_for_margin(D(cost), fees, margin)
    if commission + payment + programme + margin >= 100:
        assert not target.possible and target.price is None
        return
    assert target.possible
    with localcontext() as context:
        context.prec = 100
        reached = marketplace_item(D(cost), target.price, fees)
        assert reached.profit >= margin / 100 * reached.paid_price
        if target.price > 1:
            short = marketplace_item(D(cost), target.price - 1, fees)
            assert short.profit < margin / 100 * short.paid_price


def test_impossible_targets_are_a_sentence_not_a_division_by_zero():
    texts = {"cost": "9.000", "price": "15.000", "commission": "60", "programme": "30", "target_margin": "20"}
    analysis = analyse_from_text(texts, "percent", "usaha_mikro", "id")
    assert analysis.break_even.possible and not analysis.target.possible
    calculator = MarketplacePriceCalculator(lang="id")
    for name, value in texts.items():
        calculator.boxes[name].value = value
    assert "Margin 20% tidak mungkin tercapai" in calculator.result.value
    assert "110%" in calculator.result.value  # 60% + 30% + 20%
    calculator.boxes["commission"].value = "70"
    assert "sudah 100% atau lebih" in calculator.result.value  # 70% + 30%: nothing is ever left


def test_direct_and_social_channels_use_the_qris_table_not_a_copy():
    rules = load_qris_rules()
    micro = rules.category("usaha_mikro")
    price = micro.free_up_to + 100_000
    analysis = analyse_pricing(D(300_000), price, ShopFees(), D(10), "usaha_mikro")
    direct, social, marketplace = analysis.channels
    assert direct.item.total_fees == price * micro.mdr_percent / 100
    assert social.item.total_fees == direct.item.total_fees  # social commerce may not process payments: QRIS
    assert marketplace.item.total_fees == 0
    below = analyse_pricing(D(3000), micro.free_up_to, ShopFees(), D(10), "usaha_mikro")
    assert below.channels[0].item.total_fees == 0
    assert "mdr" not in (Path(__file__).parents[1] / "widgets" / "data" / "umkm_marketplace.yml").read_text().lower()


def test_price_above_the_qris_limit_leaves_only_the_marketplace():
    limit = load_qris_rules().max_per_transaction
    analysis = analyse_pricing(D(1000), limit + 1, ShopFees(), D(10), "reguler")
    assert [c.item is None for c in analysis.channels] == [True, True, False]


@pytest.mark.parametrize(
    ("field", "text", "key"),
    [("cost", "", "umkm.field_empty"), ("price", "lima belas ribu", "umkm.money_not_number"),
     ("price", "0", "umkm.money_not_positive"), ("cost", "-9.000", "umkm.money_not_positive"),
     ("order_fee", "-1", "umkm.money_negative"), ("price", "5.000.000.000", "umkm.money_too_large"),
     ("commission", "delapan", "umkm.percent_not_number"), ("commission", "-2", "umkm.percent_negative"),
     ("discount", "100", "umkm.percent_too_large"), ("target_margin", "", "umkm.field_empty"),
     ("programme", "150%", "umkm.percent_too_large")],
)
def test_bad_input_is_explained_in_both_languages_naming_the_box(field, text, key):
    texts = {"cost": "9.000", "price": "15.000", "target_margin": "20", field: text}
    with pytest.raises(InputProblem) as caught:
        analyse_from_text(texts, "percent", "usaha_mikro", "id")
    assert caught.value.key == key
    indonesian, english = caught.value.message("id"), caught.value.message("en")
    assert indonesian != english
    assert '"' in indonesian and indonesian.endswith(".")


def test_empty_fee_boxes_mean_no_fee_and_a_percent_sign_is_fine():
    analysis = analyse_from_text({"cost": "9.000", "price": "15.000", "commission": "8%", "target_margin": "20 %"},
                                 "rupiah", "usaha_mikro", "id")
    assert analysis.marketplace.total_fees == 1200


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=14), min_size=8, max_size=8), st.sampled_from(["percent", "rupiah"]),
       st.sampled_from(["id", "en"]), st.sampled_from([c.id for c in load_qris_rules().categories]))
def test_anything_typed_gives_a_result_or_a_sentence(values, unit, lang, category):
    analysis = assert_result_or_sentence(
        lambda: analyse_from_text(dict(zip(FIELDS, values, strict=True)), unit, category, lang), lang)
    if analysis is None:
        return
    item = analysis.marketplace
    assert item.net_received + item.total_fees == item.paid_price
    assert analysis.target.possible <= analysis.break_even.possible


# --- Fee examples: the data file ------------------------------------------------------------------

def test_examples_come_from_the_data_file_and_practice_rates_carry_no_date_or_fact(root):
    raw = yaml.safe_load((root / "widgets" / "data" / "umkm_marketplace.yml").read_text("utf-8"))
    data = load_marketplace_data()
    assert [e.id for e in data.examples] == [entry["id"] for entry in raw["examples"]]
    for example, entry in zip(data.examples, raw["examples"], strict=True):
        assert example.commission_percent == D(str(entry["commission_percent"]))
        if example.practice:
            # Made-up rates: no date or fact would pass them off as a platform's fees.
            assert example.commission_as_of is None and example.facts == ()
            assert "bukan tarif platform" in example.note["id"] or "karang" in example.note["id"]
        else:
            assert example.commission_as_of == entry["commission_as_of"]
            assert all(fact in data.sources for fact in example.facts)
    assert "F-EC-02" in data.social_commerce.facts


def test_dated_example_fees_are_the_ones_in_the_facts_registry(root):
    registry = read_facts(root)
    rows = {fact: f"{registry[fact].value} {registry[fact].statement['id']}" for fact in registry.facts}
    data = load_marketplace_data()
    assert set(data.sources) <= rows.keys()
    for example in (e for e in data.examples if not e.practice):
        for fact in example.commission_facts:
            assert format_percent_value(example.commission_percent, "id") in rows[fact], (example.id, fact)
        for fact in example.order_fee_facts:
            assert f"Rp{example.order_fee:,}".replace(",", ".") in rows[fact], (example.id, fact)
    assert "Pasal 21 ayat (3)" in rows["F-EC-02"] and data.social_commerce.article == "Pasal 21 ayat (3)"


def test_data_checks_pass_for_the_shipped_files():
    assert check_data() == []
    assert sales.check_data() == []
    assert not [p for p in data_file_problems() if "umkm" in p or "contoh_penjualan" in p]


DATED = {"id": "dated", "label": {"id": "Contoh bertanggal", "en": "Dated example"}, "commission_percent": 8,
         "commission_as_of": dt.date(2024, 9, 1), "commission_facts": ["F-EC-02"]}


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [(lambda d: d["examples"][0].update(commission_percent=120), "below 100"),
     (lambda d: d["sources"].remove("F-EC-02"), "F-EC-02"),
     (lambda d: d["examples"][0].update(commission_as_of=dt.date(2024, 9, 1)), "no date and no fact"),
     (lambda d: d["examples"][0].update(commission_facts=["F-EC-05"]), "no date and no fact"),
     (lambda d: d["examples"][0].pop("note"), "made-up practice rates"),
     (lambda d: d["examples"].append(dict(DATED, commission_as_of="kemarin")), "commission_as_of"),
     (lambda d: d["examples"].append(dict(DATED, commission_facts=[])), "FACTS id"),
     (lambda d: d["sources"].append("F-EC-99"), "F-EC-99 not in the facts registry"),
     (lambda d: d["examples"].append(dict(d["examples"][0])), "repeat"),
     (lambda d: d["examples"][0].update(note={"id": "hanya bahasa Indonesia"}), "note")],
)
def test_a_broken_copy_of_the_fee_examples_is_reported(tmp_path, breakage, expected):
    broken = broken_data_copy(tmp_path, "umkm_marketplace.yml", breakage)
    problems = check_data(broken)
    assert len(problems) == 1 and str(broken) in problems[0] and expected in problems[0]


def test_a_broken_copy_of_the_sample_sales_is_reported(root, tmp_path):
    lines = (root / "widgets" / "data" / "contoh_penjualan.csv").read_text("utf-8").splitlines()
    lines[4] = lines[4].replace("2025-", "2025/13/")
    broken = tmp_path / "contoh_penjualan.csv"
    broken.write_text("\n".join(lines) + "\n", "utf-8")
    problems = sales.check_data(broken)
    assert problems and str(broken) in problems[0] and "Line 5" in problems[0]


# --- Price & margin: the widget ------------------------------------------------------------------

def test_learner_sees_net_and_margin_after_typing_hpp_and_price():
    calculator = MarketplacePriceCalculator(lang="id")
    calculator.boxes["cost"].value = "10.000"
    calculator.boxes["price"].value = "20.000"
    calculator.boxes["commission"].value = "5"
    # 20.000 − 5% (1.000) = 19.000 net; profit 9.000; margin 9.000 / 20.000 = 45%
    assert "Rp19.000" in calculator.result.value
    assert "45%" in calculator.result.value
    assert "Rp9.000" in calculator.result.value
    assert "<img" in calculator.chart.value and "alt=" in calculator.chart.value


def test_choosing_the_example_rates_fills_the_boxes_and_says_they_are_no_platforms_fees():
    calculator = MarketplacePriceCalculator(lang="id")
    example = load_marketplace_data().example("tarif-contoh")
    calculator.example_box.value = example.id
    assert calculator.boxes["commission"].value == "10"
    assert calculator.boxes["order_fee"].value == "1.000"
    note = calculator.example_note.value
    assert "bukan tarif platform" in note and "Seller Centre" in note
    assert "F-EC" not in note and "berlaku sejak" not in note  # made-up rates: no fact, no date
    option = dict((v, k) for k, v in calculator.example_box.options)[example.id]
    assert option == "10% + Rp1.000 per pesanan (tarif contoh, bukan tarif platform)"
    # 15.000 − 10% (1.500) − 1.000 = 12.500
    assert "Rp12.500" in calculator.result.value
    calculator.boxes["commission"].value = "6,5"  # their own shop's fee
    assert calculator.example_box.value == ""
    assert "bukan tarif platform" not in calculator.example_note.value
    assert calculator.boxes["order_fee"].value == "1.000"


def test_a_dated_example_without_an_order_fee_says_so(tmp_path):
    path = tmp_path / "umkm_marketplace.yml"
    path.write_text(yaml.safe_dump({
        "sources": ["F-EC-02"],
        "social_commerce": {"payment_processing_allowed": False, "valid_from": dt.date(2023, 9, 26),
                            "article": "Pasal 21 ayat (3)", "facts": ["F-EC-02"]},
        "examples": [dict(DATED, id="no-order-fee")]}, allow_unicode=True), "utf-8")
    data = read_marketplace_data(path)
    note = render_example_note(data, "no-order-fee", "en")
    assert "does not mention a per-order fee" in note and "1 September 2024" in note


def test_calculator_answers_bad_input_with_a_sentence_and_recovers():
    calculator = MarketplacePriceCalculator(lang="en")
    calculator.boxes["price"].value = "fifteen"
    assert "must be a number in rupiah" in calculator.result.value
    assert calculator.chart.value == ""
    calculator.boxes["price"].value = "15,000"
    assert "IDR" in calculator.result.value and "must be" not in calculator.result.value


def test_a_loss_is_named_as_a_loss():
    calculator = MarketplacePriceCalculator(lang="id")
    calculator.boxes["cost"].value = "14.000"
    calculator.boxes["price"].value = "15.000"
    calculator.boxes["commission"].value = "10"
    assert "Rugi per barang" in calculator.result.value
    assert "rugi Rp500 setiap barang" in calculator.result.value


def test_payment_fee_unit_switches_between_percent_and_rupiah():
    calculator = MarketplacePriceCalculator(lang="id")
    calculator.boxes["payment_fee"].value = "2"
    assert "Rp300" in calculator.result.value  # 2% of Rp15.000
    calculator.payment_unit.value = "rupiah"
    assert "Rp2<" in calculator.result.value  # now Rp2 per order


def test_channel_chart_names_every_channel_and_cites_the_social_media_payment_rule():
    calculator = MarketplacePriceCalculator(lang="id", example="tarif-contoh")
    chart = calculator.chart.value
    alt = re.search(r"alt='([^']*)'", chart).group(1)
    assert "Jual langsung" in alt and "chat media sosial" in alt and "Marketplace" in alt
    assert "Rp12.500" in alt  # 15.000 − 1.500 − 1.000
    assert "Pasal 21 ayat (3)" in chart and "Nomor 31 Tahun 2023" in chart
    assert "marketplace mitranya" in chart  # an in-app buy button is a marketplace sale, with its fees
    assert "F-EC" not in chart  # learners see the rule, not our fact ids
    assert "1 Desember 2024" in chart  # the QRIS rate's date, from qris.yml
    assert "teropongmedia.id" in calculator.sources.value


# --- Sales file: reading -------------------------------------------------------------------------

def _sample_rows(root):
    with (root / "widgets" / "data" / "contoh_penjualan.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_sample_is_a_fictional_year_of_a_few_hundred_sales(root):
    rows = _sample_rows(root)
    assert 200 <= len(rows) <= 600
    months = {row["tanggal"][:7] for row in rows}
    assert len(months) == 12
    assert {row["metode_bayar"] for row in rows} == {"tunai", "QRIS", "transfer", "e-wallet"}


def test_sample_totals_monthly_revenue_and_best_seller_match_a_hand_count(root):
    rows = _sample_rows(root)
    revenue = [int(row["jumlah"]) * int(row["harga_satuan"]) for row in rows]
    by_month = defaultdict(int)
    sold = Counter()
    for row, amount in zip(rows, revenue, strict=True):
        by_month[row["tanggal"][:7]] += amount
        sold[row["produk"]] += int(row["jumlah"])
    summary = sales.load_sample()
    assert summary.total_revenue == sum(revenue)
    assert summary.transactions == len(rows)
    assert summary.total_quantity == sum(sold.values())
    assert [(m.strftime("%Y-%m"), int(a)) for m, a in summary.monthly] == sorted(by_month.items())
    assert summary.best_seller.name == sold.most_common(1)[0][0]
    assert sum(m.revenue for m in summary.methods) == summary.total_revenue


def test_semicolons_indonesian_numbers_day_first_dates_and_excel_encoding_read_the_same():
    comma = "tanggal,produk,jumlah,harga_satuan,metode_bayar\n2025-03-05,Keripik Tempe,2,12000,QRIS\n" \
            "2025-03-06,Sambal Cumi,1,35000,Cash\n"
    semicolon = "Tanggal ; Produk ; Jumlah ; Harga Satuan ; Metode Bayar\r\n" \
                "05/03/2025;Keripik Tempe;2;Rp12.000,-;qris\r\n" \
                "6-3-2025 10:15;\"Sambal Cumi\";1;35.000;tunai\r\n;;;;\r\n"
    one = read_sales(comma)
    for variant in (semicolon.encode("utf-8-sig"), semicolon.encode("cp1252")):
        other = read_sales(variant)
        assert other.sales == one.sales


@pytest.mark.parametrize(
    ("text", "value"),
    [("25000", 25000), ("25.000", 25000), ("Rp 25.000,-", 25000), ("Rp25.000", 25000), ("25,000", 25000),
     ("1.250.000,50", D("1250000.50")), ("1,250,000.50", D("1250000.50")), ("2,5", D("2.5")), ("2.5", D("2.5")),
     ("15.000,00", 15000), (" 7 ", 7)],
)
def test_shop_numbers_are_read_as_people_write_them(text, value):
    assert parse_sales_number(text) == value


@pytest.mark.parametrize(("text", "key"), [("dua", "not_number"), ("", "not_number"), ("-5", "negative"),
                                           ("12..5", "not_number"), ("٣", "not_number")])
def test_unreadable_numbers_say_why(text, key):
    with pytest.raises(BadCell) as caught:
        parse_sales_number(text)
    assert caught.value.key == key


def test_dates_day_first_or_iso():
    assert parse_sales_date("31/01/2025") == dt.date(2025, 1, 31)
    assert parse_sales_date("2025-01-31T08:00:00") == dt.date(2025, 1, 31)
    with pytest.raises(BadCell):
        parse_sales_date("01/31/2025")  # month first: there is no month 31


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_any_cell_is_a_number_a_date_or_a_named_reason(text):
    for parse in (parse_sales_number, parse_sales_date):
        try:
            value = parse(text)
        except BadCell as error:
            assert error.key in {"not_number", "negative", "too_large", "bad_date", "date_out_of_range"}
        else:
            assert isinstance(value, D | dt.date)


HEADER = "tanggal,produk,jumlah,harga_satuan,metode_bayar\n"
GOOD = "2025-01-02,Keripik Tempe,2,12000,tunai\n"


@pytest.mark.parametrize(
    ("content", "key", "line"),
    [(b"", "umkm.csv_empty", None),
     (b"\n  \n", "umkm.csv_empty", None),
     (HEADER.encode(), "umkm.csv_no_rows", None),
     (b"tanggal,produk,jumlah,metode_bayar\n2025-01-02,Keripik,2,tunai\n", "umkm.csv_missing_columns", 1),
     (b"tanggal\tproduk\tjumlah\tharga_satuan\tmetode_bayar\n", "umkm.csv_wrong_delimiter", None),
     ((HEADER + GOOD + "2025-02-30,Keripik,1,12000,QRIS\n").encode(), "umkm.csv_bad_date", 3),
     ((HEADER + GOOD + "1/2/1925,Keripik,1,12000,QRIS\n").encode(), "umkm.csv_date_out_of_range", 3),
     ((HEADER + "2025-01-02,Keripik,dua,12000,QRIS\n").encode(), "umkm.csv_not_number", 2),
     ((HEADER + "2025-01-02,Keripik,2,12000 rupiah,QRIS\n").encode(), "umkm.csv_not_number", 2),
     ((HEADER + "2025-01-02,Keripik,2,25,000,QRIS\n").encode(), "umkm.csv_too_many_cells", 2),
     ((HEADER + "2025-01-02,Keripik,2\n").encode(), "umkm.csv_too_few_cells", 2),
     ((HEADER + "2025-01-02,,2,12000,QRIS\n").encode(), "umkm.csv_empty_product", 2),
     ((HEADER + "2025-01-02,Keripik,,12000,QRIS\n").encode(), "umkm.csv_empty_cell", 2),
     ((HEADER + "2025-01-02,Keripik,0,12000,QRIS\n").encode(), "umkm.csv_quantity_zero", 2),
     ((HEADER + "2025-01-02,Keripik,1,5,12000,QRIS\n").encode(), "umkm.csv_too_many_cells", 2),
     ((HEADER + "2025-01-02,Keripik,\"1,5\",12000,QRIS\n").encode(), "umkm.csv_quantity_not_whole", 2),
     ((HEADER + "2025-01-02,Keripik,1,-12000,QRIS\n").encode(), "umkm.csv_negative", 2),
     (b"PK\x03\x04\x14\x00\x06\x00", "umkm.csv_spreadsheet", None),
     (b"\x00\x01\x02binary", "umkm.csv_not_text", None)],
)
def test_a_malformed_file_is_explained_naming_the_line(content, key, line):
    with pytest.raises(SalesFileProblem) as caught:
        read_sales(content)
    assert caught.value.key == key
    indonesian, english = caught.value.message("id"), caught.value.message("en")
    assert indonesian != english and indonesian.endswith(".") and english.endswith(".")
    if line is not None:
        assert f"Baris {line}" in indonesian and f"Line {line}" in english


def test_a_multiline_quoted_cell_is_reported_at_the_line_where_its_row_starts():
    content = HEADER + GOOD + '2025-01-03,"Keripik\nPedas",x,12000,QRIS\n'
    with pytest.raises(SalesFileProblem) as caught:
        read_sales(content)
    assert "Line 3" in caught.value.message("en")


def test_many_bad_lines_are_listed_up_to_five_then_counted():
    content = HEADER + "".join(f"2025-01-{day:02d},Keripik,x,12000,QRIS\n" for day in range(1, 10))
    with pytest.raises(SalesFileProblem) as caught:
        read_sales(content)
    messages = caught.value.messages("id")
    assert len(messages) == 6 and messages[0].startswith("Baris 2") and "4 baris lain" in messages[-1]


def test_file_size_and_row_count_are_capped_with_a_clear_message(monkeypatch):
    big = (HEADER + GOOD * (sales.MAX_FILE_BYTES // len(GOOD) + 1)).encode()
    with pytest.raises(SalesFileProblem) as caught:
        read_sales(big)
    assert caught.value.key == "umkm.csv_too_big" and "MB" in caught.value.message("id")
    monkeypatch.setattr(sales, "MAX_ROWS", 3)
    with pytest.raises(SalesFileProblem) as caught:
        read_sales(HEADER + GOOD * 4)
    assert caught.value.key == "umkm.csv_too_many_rows" and "3" in caught.value.message("en")
    assert read_sales(HEADER + GOOD * 3).transactions == 3


def test_payment_words_are_grouped_and_unknown_ones_kept():
    content = HEADER + "".join(f"2025-01-02,Keripik,1,1000,{method}\n"
                               for method in ("Cash", "OVO", "Dompet Digital", "QRIS", "Transfer Bank", "", "Bon"))
    methods = {m.method: m.transactions for m in read_sales(content).methods}
    assert methods == {"tunai": 1, "e-wallet": 2, "qris": 1, "transfer": 1, "not_stated": 1, "Bon": 1}


def test_the_same_product_written_differently_counts_once():
    content = HEADER + "2025-01-02,Keripik Tempe,1,1000,QRIS\n2025-01-03,keripik  tempe ,2,1000,QRIS\n"
    assert [(p.name, p.quantity) for p in read_sales(content).products] == [("Keripik Tempe", 3)]


def test_months_without_sales_show_as_zero():
    content = HEADER + "2025-01-02,Keripik,1,1000,QRIS\n2025-04-02,Keripik,1,2000,QRIS\n"
    assert [int(amount) for _, amount in read_sales(content).monthly] == [1000, 0, 0, 2000]


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300).map(lambda s: (HEADER + s).encode("utf-8"))))
def test_any_file_gives_a_summary_or_a_sentence(content):
    try:
        summary = read_sales(content)
    except SalesFileProblem as problem:
        for lang in ("id", "en"):
            assert all(message.endswith(".") for message in problem.messages(lang))
        return
    assert summary.total_revenue == sum(amount for _, amount in summary.monthly)
    assert summary.total_quantity == sum(p.quantity for p in summary.products)


_names = st.text(st.characters(categories=("L", "N", "Zs")), min_size=1, max_size=12).filter(lambda s: s.strip())


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.dates(dt.date(2020, 1, 1), dt.date(2026, 12, 31)), _names, st.integers(1, 500),
                          st.integers(0, 10**7), st.sampled_from(["tunai", "QRIS", "transfer", "e-wallet"])),
                min_size=1, max_size=30),
       st.sampled_from([",", ";"]))
def test_written_sales_are_read_back_exactly(rows, delimiter):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["tanggal", "produk", "jumlah", "harga_satuan", "metode_bayar"])
    writer.writerows((day.strftime("%d/%m/%Y"), name, quantity, price, method)
                     for day, name, quantity, price, method in rows)
    assume(all(" ".join(name.split()) for _, name, *_ in rows))
    summary = read_sales(buffer.getvalue().encode("utf-8"))
    assert summary.total_revenue == sum(quantity * price for _, _, quantity, price, _ in rows)
    assert summary.first_day == min(row[0] for row in rows)


# --- Sales dashboard: the widget -----------------------------------------------------------------

def test_learner_loads_the_sample_and_sees_totals_charts_and_best_seller(root):
    rows = _sample_rows(root)
    sold = Counter()
    for row in rows:
        sold[row["produk"]] += int(row["jumlah"])
    best = sold.most_common(1)[0][0]
    dashboard = SalesDashboard(lang="id")
    assert "Pakai contoh data" in dashboard.status.value
    dashboard.sample_button.click()
    assert "Keripik Bu Sari" in dashboard.status.value
    assert best in dashboard.totals.value
    assert f"{len(rows)}" in dashboard.totals.value
    for chart in (dashboard.monthly, dashboard.products, dashboard.methods):
        assert "<img" in chart.value and "alt='" in chart.value
    assert "Desember 2025" in dashboard.monthly.value
    assert best in dashboard.products.value
    assert "QRIS" in dashboard.methods.value and "Tunai" in dashboard.methods.value


def _upload(dashboard, name, content):
    dashboard.upload.value = ({"name": name, "type": "text/csv", "size": len(content), "content": memoryview(content),
                               "last_modified": dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)},)


def test_an_uploaded_file_is_read_in_memory_and_not_kept(monkeypatch):
    real_open = builtins.open

    def no_writing(file, mode="r", *args, **kwargs):
        assert not set(str(mode)) & set("wax+"), f"tried to write {file}"
        return real_open(file, mode, *args, **kwargs)

    dashboard = SalesDashboard(lang="en")
    used = dashboard.upload
    monkeypatch.setattr(builtins, "open", no_writing)
    monkeypatch.setattr(Path, "write_bytes", lambda *a, **k: pytest.fail("wrote a file"))
    _upload(dashboard, "warung_sari.csv", b"tanggal;produk;jumlah;harga_satuan;metode_bayar\n"
                                          b"02/01/2025;Es Teh;3;5.000;QRIS\n03/01/2025;Es Teh;1;5.000;tunai\n")
    assert "warung_sari.csv" in dashboard.status.value and "not saved" in dashboard.status.value
    assert "IDR\u00a020,000" in dashboard.totals.value
    assert "Es Teh" in dashboard.totals.value
    assert used.comm is None  # closed: the widget holding the file's bytes is gone
    assert dashboard.upload is not used and dashboard.upload.value == ()
    assert dashboard.upload in dashboard.buttons.children


def test_a_malformed_upload_is_explained_and_old_charts_are_cleared():
    dashboard = SalesDashboard(lang="id")
    dashboard.show_sample()
    _upload(dashboard, "rusak.csv", (HEADER + GOOD + "2025-01-03,Keripik,dua,12000,QRIS\n").encode())
    assert "rusak.csv" in dashboard.status.value and "Baris 3" in dashboard.status.value
    assert "role='alert'" in dashboard.status.value
    assert dashboard.monthly.value == dashboard.totals.value == ""
