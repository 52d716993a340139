from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from prima.activity.models import ActivityLog
from prima.surveys.instruments import TEMPLATES
from prima.surveys.models import Item, ItemKind, Method, Option, PairRole, RuleSet, SurveyStatus
from prima.surveys.services import add_unsur, set_unsur_weights
from prima.surveys.tests.factories import ServiceFactory, make_survey

pytestmark = pytest.mark.django_db

SKM_NAMES = [
    "Persyaratan",
    "Sistem, Mekanisme, dan Prosedur",
    "Waktu Penyelesaian",
    "Biaya/Tarif",
    "Produk Spesifikasi Jenis Pelayanan",
    "Kompetensi Pelaksana",
    "Perilaku Pelaksana",
    "Sarana dan Prasarana",
    "Penanganan Pengaduan, Saran dan Masukan",
]


def test_templates_cover_every_method_in_both_languages():
    assert set(TEMPLATES) == {"skm2017", "servqual", "csat", "nps", "ipa", "skm2014", "kep25"}
    for template in TEMPLATES.values():
        for item in template.items:
            assert item.text["id"] and item.text["en"], item.code
            for _value, label in item.options:
                assert label["id"] and label["en"], item.code


def test_create_survey_skm2017_copies_unsur_profile_and_services(cast, skm, services):
    version = skm.current_version()
    assert version is not None and version.number == 1
    assert (skm.method, skm.rule_set, skm.status, skm.template) == (
        Method.SKM,
        RuleSet.PERMENPAN14_2017,
        SurveyStatus.OPEN,
        "skm2017",
    )
    unsur = list(version.items.filter(is_unsur=True).order_by("position"))
    assert [item.code for item in unsur] == [f"U{n}" for n in range(1, 10)]
    assert [item.name["id"] for item in unsur] == SKM_NAMES
    assert all(item.weight is None and item.scale_min == 1 and item.scale_max == 4 for item in unsur)
    u4 = dict(Option.objects.filter(item=unsur[3]).values_list("value", "label__id"))
    assert u4 == {1: "Sangat mahal", 2: "Cukup mahal", 3: "Murah", 4: "Gratis"}
    u9 = list(Option.objects.filter(item=unsur[8]).order_by("value").values_list("label__id", flat=True))
    assert u9 == ["Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik"]
    profile = list(version.items.filter(kind=ItemKind.PROFILE).values_list("code", "profile_field", "is_unsur"))
    assert profile == [
        ("JK", "sex", False),
        ("USIA", "age_band", False),
        ("PENDIDIKAN", "education", False),
        ("PEKERJAAN", "occupation", False),
        ("LAYANAN", "service", False),
    ]
    layanan = Option.objects.filter(item__version=version, item__code="LAYANAN").order_by("value")
    assert [(option.value, option.service_id) for option in layanan] == [(1, services[0].pk), (2, services[1].pk)]
    assert ActivityLog.objects.filter(action="surveys.survey.created", object_id=str(skm.pk)).count() == 1


def test_create_survey_for_one_service_takes_its_unit_and_skips_the_service_question(cast, services):
    survey = make_survey(organisation=cast.organisation, service=services[1])
    assert survey.unit_id == cast.unit_a.pk
    assert not Item.objects.filter(version__survey=survey, code="LAYANAN").exists()


def test_create_survey_servqual_pairs_22_items_with_nine_reversed(cast):
    survey = make_survey("servqual", organisation=cast.organisation)
    items = Item.objects.filter(version__survey=survey)
    assert items.count() == 44
    assert set(items.filter(pair_role=PairRole.EXPECTATION).values_list("pair_key", flat=True)) == {
        f"Q{n}" for n in range(1, 23)
    }
    reversed_keys = set(items.filter(reverse_scored=True).values_list("pair_key", flat=True))
    assert reversed_keys == {"Q10", "Q11", "Q12", "Q13", "Q18", "Q19", "Q20", "Q21", "Q22"}
    dimensions = dict(items.filter(pair_role=PairRole.PERCEPTION).values_list("pair_key", "dimension"))
    assert [dimensions[f"Q{n}"] for n in (1, 5, 10, 14, 18)] == [
        "tangibles",
        "reliability",
        "responsiveness",
        "assurance",
        "empathy",
    ]
    assert set(items.values_list("scale_min", "scale_max")) == {(1, 7)}


def test_create_survey_csat_nps_ipa_and_legacy(cast):
    csat = make_survey("csat", organisation=cast.organisation)
    labels = Option.objects.filter(item__version__survey=csat).order_by("value").values_list("label__id", flat=True)
    assert list(labels) == ["Kurang puas", "Puas", "Sangat puas"]
    nps = make_survey("nps", organisation=cast.organisation)
    assert Item.objects.get(version__survey=nps, code="NPS").scale_max == 10
    ipa = make_survey("ipa", organisation=cast.organisation)
    roles = Item.objects.filter(version__survey=ipa).exclude(pair_role="").values_list("pair_role", flat=True)
    assert sorted(set(roles)) == ["importance", "performance"]
    assert Item.objects.get(version__survey=ipa, code="MASALAH").kind == ItemKind.MULTIPLE_CHOICE
    skm2014 = make_survey("skm2014", organisation=cast.organisation)
    assert skm2014.rule_set == RuleSet.PERMENPAN16_2014
    assert Item.objects.get(version__survey=skm2014, code="U8").name["id"] == "Maklumat Pelayanan"
    kep25 = make_survey("kep25", organisation=cast.organisation)
    assert kep25.rule_set == RuleSet.KEP25_2004
    assert Item.objects.filter(version__survey=kep25, is_unsur=True).count() == 14


def test_create_survey_refuses_unknown_template_and_foreign_unit(cast):
    with pytest.raises(ValidationError) as error:
        make_survey("skm2099", organisation=cast.organisation)
    assert "template" in error.value.message_dict
    other = ServiceFactory()
    with pytest.raises(ValidationError) as error:
        make_survey(organisation=cast.organisation, service=other)
    assert "service" in error.value.message_dict
    with pytest.raises(ValidationError):
        make_survey(organisation=cast.organisation, rule_set="permenpan_1999")


def test_set_unsur_weights_creates_a_new_version(cast, skm):
    weights = {f"U{n}": "0.1" for n in range(1, 9)} | {"U9": "0.2"}
    version = set_unsur_weights(skm, weights, actor=cast.leader)
    assert version.number == 2
    assert dict(version.items.filter(is_unsur=True).values_list("code", "weight"))["U9"] == Decimal("0.2")
    assert Item.objects.filter(version__number=1, version__survey=skm, weight__isnull=False).count() == 0


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({f"U{n}": "0.111" for n in range(1, 10)}, "add up to exactly 1; they add up to 0.999"),
        ({f"U{n}": "0.125" for n in range(1, 9)}, "missing: U9"),
        ({f"U{n}": "0.1" for n in range(1, 9)} | {"U9": "nol"}, "decimal number"),
    ],
)
def test_set_unsur_weights_refuses_weights_not_summing_to_one(cast, skm, weights, message):
    with pytest.raises(ValidationError) as error:
        set_unsur_weights(skm, weights, actor=cast.leader)
    assert message in str(error.value)
    assert skm.versions.count() == 1


def test_add_unsur_appends_an_eleventh_item_in_a_new_version(cast, skm):
    labels = [
        {"id": "Tidak ada", "en": "None"},
        {"id": "Kurang", "en": "Poor"},
        {"id": "Ada", "en": "Yes"},
        {"id": "Sangat baik", "en": "Very good"},
    ]
    version = add_unsur(
        skm,
        code="u10",
        name={"id": "Layanan Daring", "en": "Online service"},
        text={"id": "Bagaimana layanan daring kami?", "en": "How is our online service?"},
        labels=labels,
        actor=cast.leader,
    )
    codes = list(version.items.filter(is_unsur=True).order_by("position").values_list("code", flat=True))
    assert codes == [f"U{n}" for n in range(1, 11)]
    assert Option.objects.filter(item__version=version, item__code="U10").count() == 4
    assert skm.current_version() == version
