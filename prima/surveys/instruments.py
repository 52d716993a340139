"""Built-in instruments: the item lists a survey starts from.

Each template is data: a list of ``ItemSpec`` with bilingual texts (Indonesian first, then a faithful English
translation). ``prima.surveys.services.create_survey_from_template`` copies a template into version 1 of a new
survey's instrument; after that the survey's own items are what counts, the template is never read again.

SKM 2017 follows the sample questionnaire of Permenpan RB 14/2017 (domain.md §1.5): U1…U9 with their 1-4 answer
wording, U8 = Sarana dan Prasarana and U9 = Penanganan Pengaduan as in the sample questionnaire, plus the respondent
profile of published reports (these never count in the index). The legacy instruments reproduce 16/2014 (nine unsur
with Maklumat Pelayanan) and KEP/25/M.PAN/2/2004 (fourteen unsur).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from prima.surveys.models import ItemKind, Method, PairRole, ProfileField, RuleSet

Text = dict[str, str]


def t(id: str, en: str) -> Text:
    return {"id": id, "en": en}


@dataclass(frozen=True)
class ItemSpec:
    code: str
    kind: str
    text: Text
    name: Text = field(default_factory=dict)
    required: bool = False
    scale_min: int | None = None
    scale_max: int | None = None
    is_unsur: bool = False
    dimension: str = ""
    pair_key: str = ""
    pair_role: str = ""
    reverse_scored: bool = False
    profile_field: str = ""
    options: tuple[tuple[int, Text], ...] = ()
    show_if_code: str = ""
    show_if_values: tuple[int, ...] = ()

    def model_fields(self) -> dict[str, Any]:
        """The Item fields (without version and position)."""
        return {
            "code": self.code,
            "kind": self.kind,
            "text": dict(self.text),
            "name": dict(self.name),
            "required": self.required,
            "scale_min": self.scale_min,
            "scale_max": self.scale_max,
            "is_unsur": self.is_unsur,
            "dimension": self.dimension,
            "pair_key": self.pair_key,
            "pair_role": self.pair_role,
            "reverse_scored": self.reverse_scored,
            "profile_field": self.profile_field,
            "show_if_code": self.show_if_code,
            "show_if_values": list(self.show_if_values),
        }


@dataclass(frozen=True)
class Template:
    code: str
    title: str | Promise
    method: str
    items: tuple[ItemSpec, ...]
    rule_set: str = RuleSet.PERMENPAN14_2017
    description: str | Promise = ""


def _scale_1_4(code: str, name: Text, question: Text, labels: tuple[Text, Text, Text, Text]) -> ItemSpec:
    return ItemSpec(
        code=code,
        kind=ItemKind.SCALE,
        text=question,
        name=name,
        required=True,
        scale_min=1,
        scale_max=4,
        is_unsur=True,
        options=tuple((value, label) for value, label in zip(range(1, 5), labels, strict=True)),
    )


def _graded(id_word: str, en_word: str) -> tuple[Text, Text, Text, Text]:
    """ "Tidak X / Kurang X / X / Sangat X" (not / hardly / / very)."""
    return (
        t(f"Tidak {id_word}", f"Not {en_word}"),
        t(f"Kurang {id_word}", f"Hardly {en_word}"),
        t(id_word.capitalize(), en_word.capitalize()),
        t(f"Sangat {id_word}", f"Very {en_word}"),
    )


# --- SKM 2017 --------------------------------------------------------------------------------------------------

U_PERSYARATAN = (
    t("Persyaratan", "Requirements"),
    t(
        "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
        "What is your opinion of how well the service requirements match the type of service?",
    ),
    _graded("sesuai", "appropriate"),
)
U_PROSEDUR = (
    t("Sistem, Mekanisme, dan Prosedur", "Systems, mechanisms and procedures"),
    t(
        "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
        "How do you find the ease of the service procedure at this unit?",
    ),
    _graded("mudah", "easy"),
)
U_WAKTU = (
    t("Waktu Penyelesaian", "Completion time"),
    t(
        "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
        "What is your opinion of the speed with which the service is delivered?",
    ),
    _graded("cepat", "fast"),
)
U_BIAYA = (
    t("Biaya/Tarif", "Cost/tariff"),
    t(
        "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
        "What is your opinion of the fairness of the cost/tariff of the service?",
    ),
    (
        t("Sangat mahal", "Very expensive"),
        t("Cukup mahal", "Fairly expensive"),
        t("Murah", "Cheap"),
        t("Gratis", "Free"),
    ),
)
U_PRODUK = (
    t("Produk Spesifikasi Jenis Pelayanan", "Product specification of the type of service"),
    t(
        "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar "
        "pelayanan dengan hasil yang diberikan?",
        "What is your opinion of how well the service product delivered matches what the service standard states?",
    ),
    _graded("sesuai", "appropriate"),
)
U_KOMPETENSI = (
    t("Kompetensi Pelaksana", "Competence of the staff"),
    t(
        "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
        "What is your opinion of the competence/ability of the staff providing the service?",
    ),
    _graded("kompeten", "competent"),
)
U_PERILAKU = (
    t("Perilaku Pelaksana", "Conduct of the staff"),
    t(
        "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
        "What is your opinion of the staff's conduct in terms of politeness and friendliness?",
    ),
    (
        t("Tidak sopan dan ramah", "Not polite and friendly"),
        t("Kurang sopan dan ramah", "Hardly polite and friendly"),
        t("Sopan dan ramah", "Polite and friendly"),
        t("Sangat sopan dan ramah", "Very polite and friendly"),
    ),
)
U_SARANA = (
    t("Sarana dan Prasarana", "Facilities and infrastructure"),
    t(
        "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
        "What is your opinion of the quality of the facilities and infrastructure?",
    ),
    (t("Buruk", "Poor"), t("Cukup", "Adequate"), t("Baik", "Good"), t("Sangat Baik", "Very good")),
)
U_PENGADUAN = (
    t("Penanganan Pengaduan, Saran dan Masukan", "Handling of complaints, suggestions and feedback"),
    t(
        "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
        "What is your opinion of how complaints from service users are handled?",
    ),
    (
        t("Tidak ada", "None"),
        t("Ada tetapi tidak berfungsi", "Exists but does not work"),
        t("Berfungsi kurang maksimal", "Works, but not fully"),
        t("Dikelola dengan baik", "Well managed"),
    ),
)
U_MAKLUMAT = (
    t("Maklumat Pelayanan", "Service charter (maklumat pelayanan)"),
    t(
        "Bagaimana pendapat Saudara tentang maklumat pelayanan (janji pelayanan) yang dipublikasikan unit ini?",
        "What is your opinion of the service charter (service promise) this unit publishes?",
    ),
    (
        t("Tidak ada", "None"),
        t("Ada tetapi tidak dipublikasikan", "Exists but not published"),
        t("Dipublikasikan tetapi tidak ditepati", "Published but not kept"),
        t("Dipublikasikan dan ditepati", "Published and kept"),
    ),
)


def _unsur(code: str, spec: tuple[Text, Text, tuple[Text, Text, Text, Text]]) -> ItemSpec:
    name, question, labels = spec
    return _scale_1_4(code, name, question, labels)


def _profile(code: str, profile_field: str, question: Text, options: list[Text]) -> ItemSpec:
    return ItemSpec(
        code=code,
        kind=ItemKind.PROFILE,
        text=question,
        name=question,
        profile_field=profile_field,
        options=tuple((index, label) for index, label in enumerate(options, start=1)),
    )


PROFILE_ITEMS = (
    _profile("JK", ProfileField.SEX, t("Jenis kelamin", "Sex"), [t("Laki-laki", "Male"), t("Perempuan", "Female")]),
    _profile(
        "USIA",
        ProfileField.AGE_BAND,
        t("Usia", "Age"),
        [
            t("≤ 18 tahun", "18 or younger"),
            t("19-25 tahun", "19-25"),
            t("26-35 tahun", "26-35"),
            t("36-45 tahun", "36-45"),
            t("46-55 tahun", "46-55"),
            t("≥ 56 tahun", "56 or older"),
        ],
    ),
    _profile(
        "PENDIDIKAN",
        ProfileField.EDUCATION,
        t("Pendidikan terakhir", "Highest education"),
        [
            t("SD/MI", "Primary school (SD/MI)"),
            t("SMP/MTs", "Junior secondary (SMP/MTs)"),
            t("SMA/K/MA", "Senior secondary (SMA/SMK/MA)"),
            t("D-1/D-3", "Diploma (D-1/D-3)"),
            t("D-4/S-1", "Bachelor (D-4/S-1)"),
            t("≥ S-2", "Master or higher (S-2 and above)"),
        ],
    ),
    _profile(
        "PEKERJAAN",
        ProfileField.OCCUPATION,
        t("Pekerjaan", "Occupation"),
        [
            t("PNS", "Civil servant (PNS)"),
            t("TNI/POLRI", "Armed forces/police (TNI/POLRI)"),
            t("Pegawai Swasta", "Private employee"),
            t("Wiraswasta/Usahawan", "Self-employed/entrepreneur"),
            t("Pelajar/Mahasiswa", "Student"),
            t("Lainnya", "Other"),
        ],
    ),
)
# The "service used" profile item: its options are the services of the survey's unit, filled in at creation.
SERVICE_PROFILE_CODE = "LAYANAN"
SERVICE_PROFILE_TEXT = t("Jenis layanan yang diterima", "Service received")

SKM2017_UNSUR = (
    _unsur("U1", U_PERSYARATAN),
    _unsur("U2", U_PROSEDUR),
    _unsur("U3", U_WAKTU),
    _unsur("U4", U_BIAYA),
    _unsur("U5", U_PRODUK),
    _unsur("U6", U_KOMPETENSI),
    _unsur("U7", U_PERILAKU),
    _unsur("U8", U_SARANA),
    _unsur("U9", U_PENGADUAN),
)
SUGGESTION = ItemSpec(
    code="SARAN",
    kind=ItemKind.TEXT,
    text=t("Saran dan masukan untuk perbaikan pelayanan", "Suggestions for improving the service"),
    name=t("Saran", "Suggestions"),
)

SKM2014_UNSUR = (
    _unsur("U1", U_PERSYARATAN),
    _unsur("U2", (t("Prosedur", "Procedure"), U_PROSEDUR[1], U_PROSEDUR[2])),
    _unsur("U3", (t("Waktu Pelayanan", "Service time"), U_WAKTU[1], U_WAKTU[2])),
    _unsur("U4", U_BIAYA),
    _unsur("U5", U_PRODUK),
    _unsur("U6", U_KOMPETENSI),
    _unsur("U7", U_PERILAKU),
    _unsur("U8", U_MAKLUMAT),
    _unsur("U9", U_PENGADUAN),
)


def _kep25(code: str, name: Text, question: Text, id_word: str, en_word: str) -> ItemSpec:
    return _scale_1_4(code, name, question, _graded(id_word, en_word))


KEP25_UNSUR = (
    _kep25(
        "U1",
        t("Prosedur pelayanan", "Service procedure"),
        t(
            "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
            "How easy is the service procedure at this unit?",
        ),
        "mudah",
        "easy",
    ),
    _kep25(
        "U2",
        t("Persyaratan pelayanan", "Service requirements"),
        t(
            "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
            "How well do the requirements match the type of service?",
        ),
        "sesuai",
        "appropriate",
    ),
    _kep25(
        "U3",
        t("Kejelasan petugas pelayanan", "Clarity of the service officer"),
        t(
            "Bagaimana pendapat Saudara tentang kejelasan dan kepastian petugas yang melayani?",
            "How clear was it which officer serves you and what they are responsible for?",
        ),
        "jelas",
        "clear",
    ),
    _kep25(
        "U4",
        t("Kedisiplinan petugas pelayanan", "Discipline of the service officers"),
        t(
            "Bagaimana pendapat Saudara tentang kedisiplinan petugas dalam memberikan pelayanan?",
            "How disciplined are the officers in providing the service?",
        ),
        "disiplin",
        "disciplined",
    ),
    _kep25(
        "U5",
        t("Tanggung jawab petugas pelayanan", "Responsibility of the service officers"),
        t(
            "Bagaimana pendapat Saudara tentang tanggung jawab petugas dalam memberikan pelayanan?",
            "How responsible are the officers in providing the service?",
        ),
        "bertanggung jawab",
        "responsible",
    ),
    _kep25(
        "U6",
        t("Kemampuan petugas pelayanan", "Ability of the service officers"),
        t(
            "Bagaimana pendapat Saudara tentang kemampuan petugas dalam memberikan pelayanan?",
            "How able are the officers in providing the service?",
        ),
        "mampu",
        "able",
    ),
    _kep25(
        "U7",
        t("Kecepatan pelayanan", "Speed of service"),
        t(
            "Bagaimana pendapat Saudara tentang kecepatan pelayanan di unit ini?",
            "How fast is the service at this unit?",
        ),
        "cepat",
        "fast",
    ),
    _kep25(
        "U8",
        t("Keadilan mendapatkan pelayanan", "Fairness in receiving the service"),
        t(
            "Bagaimana pendapat Saudara tentang keadilan untuk mendapatkan pelayanan di unit ini?",
            "How fairly is the service given to everyone at this unit?",
        ),
        "adil",
        "fair",
    ),
    _kep25(
        "U9",
        t("Kesopanan dan keramahan petugas", "Politeness and friendliness of the officers"),
        t(
            "Bagaimana pendapat Saudara tentang kesopanan dan keramahan petugas dalam memberikan pelayanan?",
            "How polite and friendly are the officers?",
        ),
        "sopan dan ramah",
        "polite and friendly",
    ),
    _kep25(
        "U10",
        t("Kewajaran biaya pelayanan", "Fairness of the service cost"),
        t(
            "Bagaimana pendapat Saudara tentang kewajaran biaya untuk mendapatkan pelayanan?",
            "How reasonable is the cost of the service?",
        ),
        "wajar",
        "reasonable",
    ),
    _kep25(
        "U11",
        t("Kepastian biaya pelayanan", "Certainty of the service cost"),
        t(
            "Bagaimana pendapat Saudara tentang kesesuaian antara biaya yang dibayarkan dengan biaya yang "
            "telah ditetapkan?",
            "How well does the cost you paid match the cost that was set?",
        ),
        "sesuai",
        "consistent",
    ),
    _kep25(
        "U12",
        t("Kepastian jadwal pelayanan", "Certainty of the service schedule"),
        t(
            "Bagaimana pendapat Saudara tentang ketepatan pelaksanaan terhadap jadwal waktu pelayanan?",
            "How punctually is the service schedule kept?",
        ),
        "tepat",
        "punctual",
    ),
    _kep25(
        "U13",
        t("Kenyamanan lingkungan", "Comfort of the surroundings"),
        t(
            "Bagaimana pendapat Saudara tentang kenyamanan di lingkungan unit pelayanan?",
            "How comfortable are the surroundings of the service unit?",
        ),
        "nyaman",
        "comfortable",
    ),
    _kep25(
        "U14",
        t("Keamanan pelayanan", "Security of the service"),
        t(
            "Bagaimana pendapat Saudara tentang keamanan pelayanan di unit ini?",
            "How safe and secure is the service at this unit?",
        ),
        "aman",
        "secure",
    ),
)

# --- SERVQUAL (Parasuraman, Zeithaml & Berry 1988; 22 items, negative items reverse-scored) --------------------

SERVQUAL_SCALE = tuple(
    (value, label)
    for value, label in zip(
        range(1, 8),
        (
            t("1 - Sangat tidak setuju", "1 - Strongly disagree"),
            t("2 - Tidak setuju", "2 - Disagree"),
            t("3 - Agak tidak setuju", "3 - Somewhat disagree"),
            t("4 - Netral", "4 - Neutral"),
            t("5 - Agak setuju", "5 - Somewhat agree"),
            t("6 - Setuju", "6 - Agree"),
            t("7 - Sangat setuju", "7 - Strongly agree"),
        ),
        strict=True,
    )
)

# (dimension, negatively worded, expectation statement, perception statement)
SERVQUAL_STATEMENTS: tuple[tuple[str, bool, Text, Text], ...] = (
    (
        "tangibles",
        False,
        t(
            "Unit pelayanan yang baik memiliki peralatan yang modern.",
            "Excellent service units have up-to-date equipment.",
        ),
        t("Unit ini memiliki peralatan yang modern.", "This unit has up-to-date equipment."),
    ),
    (
        "tangibles",
        False,
        t(
            "Fasilitas fisik unit pelayanan yang baik tampak menarik.",
            "The physical facilities of excellent service units are visually appealing.",
        ),
        t("Fasilitas fisik unit ini tampak menarik.", "This unit's physical facilities are visually appealing."),
    ),
    (
        "tangibles",
        False,
        t(
            "Petugas unit pelayanan yang baik berpakaian rapi.",
            "Employees of excellent service units are well dressed and neat.",
        ),
        t("Petugas unit ini berpakaian rapi.", "This unit's employees are well dressed and neat."),
    ),
    (
        "tangibles",
        False,
        t(
            "Tampilan fasilitas unit pelayanan yang baik sesuai dengan jenis layanannya.",
            "The appearance of the facilities of excellent service units is in keeping with the service they provide.",
        ),
        t(
            "Tampilan fasilitas unit ini sesuai dengan jenis layanannya.",
            "The appearance of this unit's facilities is in keeping with the service it provides.",
        ),
    ),
    (
        "reliability",
        False,
        t(
            "Jika unit pelayanan yang baik berjanji melakukan sesuatu pada waktu tertentu, janji itu ditepati.",
            "When excellent service units promise to do something by a certain time, they do so.",
        ),
        t(
            "Jika unit ini berjanji melakukan sesuatu pada waktu tertentu, janji itu ditepati.",
            "When this unit promises to do something by a certain time, it does so.",
        ),
    ),
    (
        "reliability",
        False,
        t(
            "Jika pengguna layanan mengalami masalah, unit pelayanan yang baik bersikap simpatik dan menenangkan.",
            "When customers have problems, excellent service units are sympathetic and reassuring.",
        ),
        t(
            "Jika saya mengalami masalah, unit ini bersikap simpatik dan menenangkan.",
            "When I have a problem, this unit is sympathetic and reassuring.",
        ),
    ),
    (
        "reliability",
        False,
        t("Unit pelayanan yang baik dapat diandalkan.", "Excellent service units are dependable."),
        t("Unit ini dapat diandalkan.", "This unit is dependable."),
    ),
    (
        "reliability",
        False,
        t(
            "Unit pelayanan yang baik memberikan layanan tepat pada waktu yang dijanjikan.",
            "Excellent service units provide their services at the time they promise to do so.",
        ),
        t(
            "Unit ini memberikan layanan tepat pada waktu yang dijanjikan.",
            "This unit provides its services at the time it promises to do so.",
        ),
    ),
    (
        "reliability",
        False,
        t(
            "Unit pelayanan yang baik menyimpan catatan dan arsipnya secara akurat.",
            "Excellent service units keep their records accurately.",
        ),
        t("Unit ini menyimpan catatan dan arsipnya secara akurat.", "This unit keeps its records accurately."),
    ),
    (
        "responsiveness",
        True,
        t(
            "Unit pelayanan tidak perlu memberi tahu pengguna kapan tepatnya layanan akan diberikan.",
            "Service units shouldn't be expected to tell customers exactly when services will be performed.",
        ),
        t(
            "Unit ini tidak memberi tahu saya kapan tepatnya layanan akan diberikan.",
            "This unit does not tell me exactly when services will be performed.",
        ),
    ),
    (
        "responsiveness",
        True,
        t(
            "Tidak realistis mengharapkan layanan yang segera dari petugas unit pelayanan.",
            "It is not realistic to expect prompt service from the employees of service units.",
        ),
        t(
            "Saya tidak menerima layanan yang segera dari petugas unit ini.",
            "I do not receive prompt service from this unit's employees.",
        ),
    ),
    (
        "responsiveness",
        True,
        t(
            "Petugas unit pelayanan tidak harus selalu bersedia membantu pengguna.",
            "Employees of service units don't always have to be willing to help customers.",
        ),
        t(
            "Petugas unit ini tidak selalu bersedia membantu pengguna.",
            "This unit's employees are not always willing to help customers.",
        ),
    ),
    (
        "responsiveness",
        True,
        t(
            "Wajar bila petugas unit pelayanan terlalu sibuk untuk segera menanggapi permintaan pengguna.",
            "It is okay if employees of service units are too busy to respond to customer requests promptly.",
        ),
        t(
            "Petugas unit ini terlalu sibuk untuk segera menanggapi permintaan pengguna.",
            "This unit's employees are too busy to respond to customer requests promptly.",
        ),
    ),
    (
        "assurance",
        False,
        t(
            "Pengguna dapat mempercayai petugas unit pelayanan yang baik.",
            "Customers can trust the employees of excellent service units.",
        ),
        t("Saya dapat mempercayai petugas unit ini.", "I can trust this unit's employees."),
    ),
    (
        "assurance",
        False,
        t(
            "Pengguna merasa aman saat bertransaksi dengan petugas unit pelayanan yang baik.",
            "Customers feel safe in their transactions with the employees of excellent service units.",
        ),
        t(
            "Saya merasa aman saat bertransaksi dengan petugas unit ini.",
            "I feel safe in my transactions with this unit's employees.",
        ),
    ),
    (
        "assurance",
        False,
        t("Petugas unit pelayanan yang baik bersikap sopan.", "Employees of excellent service units are polite."),
        t("Petugas unit ini bersikap sopan.", "This unit's employees are polite."),
    ),
    (
        "assurance",
        False,
        t(
            "Petugas mendapat dukungan yang memadai dari unitnya untuk bekerja dengan baik.",
            "Employees get adequate support from their unit to do their jobs well.",
        ),
        t(
            "Petugas unit ini mendapat dukungan yang memadai untuk bekerja dengan baik.",
            "This unit's employees get adequate support to do their jobs well.",
        ),
    ),
    (
        "empathy",
        True,
        t(
            "Unit pelayanan tidak dapat diharapkan memberi perhatian kepada setiap pengguna secara individual.",
            "Service units cannot be expected to give customers individual attention.",
        ),
        t(
            "Unit ini tidak memberi perhatian kepada saya secara individual.",
            "This unit does not give me individual attention.",
        ),
    ),
    (
        "empathy",
        True,
        t(
            "Petugas unit pelayanan tidak dapat diharapkan memberi perhatian secara pribadi kepada pengguna.",
            "Employees of service units cannot be expected to give customers personal attention.",
        ),
        t(
            "Petugas unit ini tidak memberi perhatian secara pribadi kepada saya.",
            "This unit's employees do not give me personal attention.",
        ),
    ),
    (
        "empathy",
        True,
        t(
            "Tidak realistis mengharapkan petugas mengetahui kebutuhan pengguna.",
            "It is unrealistic to expect employees to know what the needs of their customers are.",
        ),
        t("Petugas unit ini tidak mengetahui kebutuhan saya.", "This unit's employees do not know what my needs are."),
    ),
    (
        "empathy",
        True,
        t(
            "Tidak realistis mengharapkan unit pelayanan mengutamakan kepentingan terbaik pengguna.",
            "It is unrealistic to expect service units to have their customers' best interests at heart.",
        ),
        t(
            "Unit ini tidak mengutamakan kepentingan terbaik saya.",
            "This unit does not have my best interests at heart.",
        ),
    ),
    (
        "empathy",
        True,
        t(
            "Unit pelayanan tidak dapat diharapkan memiliki jam layanan yang nyaman bagi semua pengguna.",
            "Service units shouldn't be expected to have operating hours convenient to all their customers.",
        ),
        t(
            "Jam layanan unit ini tidak nyaman bagi semua pengguna.",
            "This unit does not have operating hours convenient to all its customers.",
        ),
    ),
)

SERVQUAL_DIMENSIONS = ("tangibles", "reliability", "responsiveness", "assurance", "empathy")
SERVQUAL_DIMENSION_NAMES: dict[str, Text] = {
    "tangibles": t("Bukti fisik", "Tangibles"),
    "reliability": t("Keandalan", "Reliability"),
    "responsiveness": t("Daya tanggap", "Responsiveness"),
    "assurance": t("Jaminan", "Assurance"),
    "empathy": t("Empati", "Empathy"),
}


def _servqual_items() -> tuple[ItemSpec, ...]:
    expectations: list[ItemSpec] = []
    perceptions: list[ItemSpec] = []
    for number, (dimension, negative, expectation, perception) in enumerate(SERVQUAL_STATEMENTS, start=1):
        common = {
            "kind": ItemKind.SCALE,
            "scale_min": 1,
            "scale_max": 7,
            "dimension": dimension,
            "pair_key": f"Q{number}",
            "reverse_scored": negative,
            "options": SERVQUAL_SCALE,
            "name": SERVQUAL_DIMENSION_NAMES[dimension],
        }
        expectations.append(
            ItemSpec(code=f"E{number}", text=expectation, pair_role=PairRole.EXPECTATION, **common)  # type: ignore[arg-type]
        )
        perceptions.append(
            ItemSpec(code=f"P{number}", text=perception, pair_role=PairRole.PERCEPTION, **common)  # type: ignore[arg-type]
        )
    return (*expectations, *perceptions)


# --- CSAT and NPS ----------------------------------------------------------------------------------------------

CSAT_ITEMS = (
    ItemSpec(
        code="CSAT",
        kind=ItemKind.CSAT,
        text=t("Seberapa puas Anda dengan layanan kami hari ini?", "How satisfied are you with our service today?"),
        name=t("Kepuasan", "Satisfaction"),
        required=True,
        scale_min=1,
        scale_max=3,
        options=(
            (1, t("Kurang puas", "Not satisfied")),
            (2, t("Puas", "Satisfied")),
            (3, t("Sangat puas", "Very satisfied")),
        ),
    ),
    ItemSpec(
        code="KOMENTAR",
        kind=ItemKind.TEXT,
        text=t("Ada yang ingin Anda sampaikan? (opsional)", "Anything you would like to tell us? (optional)"),
        name=t("Komentar", "Comment"),
    ),
)

NPS_ITEMS = (
    ItemSpec(
        code="NPS",
        kind=ItemKind.NPS,
        text=t(
            "Seberapa besar kemungkinan Anda merekomendasikan layanan kami kepada teman atau kolega?",
            "How likely are you to recommend our service to a friend or colleague?",
        ),
        name=t("Rekomendasi", "Recommendation"),
        required=True,
        scale_min=0,
        scale_max=10,
    ),
    ItemSpec(
        code="ALASAN",
        kind=ItemKind.TEXT,
        text=t("Apa alasan utama Anda memberikan nilai tersebut?", "What is the main reason for your score?"),
        name=t("Alasan", "Reason"),
    ),
)

# --- IPA (Martilla & James 1977) -------------------------------------------------------------------------------

IPA_ATTRIBUTES: tuple[tuple[str, Text], ...] = (
    ("A1", t("Kejelasan informasi persyaratan", "Clear information on requirements")),
    ("A2", t("Kemudahan prosedur pelayanan", "Easy service procedure")),
    ("A3", t("Ketepatan waktu penyelesaian", "Completion on time")),
    ("A4", t("Kejelasan dan kewajaran biaya", "Clear and fair costs")),
    ("A5", t("Kesesuaian hasil layanan dengan standar", "Service result as the standard promises")),
    ("A6", t("Kemampuan petugas", "Staff competence")),
    ("A7", t("Kesopanan dan keramahan petugas", "Politeness and friendliness of staff")),
    ("A8", t("Kenyamanan ruang tunggu dan fasilitas", "Comfortable waiting room and facilities")),
    ("A9", t("Kemudahan menyampaikan pengaduan", "Easy to make a complaint")),
    ("A10", t("Layanan daring yang mudah digunakan", "Easy-to-use online services")),
)
IMPORTANCE_SCALE = tuple(
    (value, label)
    for value, label in zip(
        range(1, 6),
        (
            t("1 - Tidak penting", "1 - Not important"),
            t("2 - Kurang penting", "2 - Of little importance"),
            t("3 - Cukup penting", "3 - Moderately important"),
            t("4 - Penting", "4 - Important"),
            t("5 - Sangat penting", "5 - Very important"),
        ),
        strict=True,
    )
)
PERFORMANCE_SCALE = tuple(
    (value, label)
    for value, label in zip(
        range(1, 6),
        (
            t("1 - Sangat buruk", "1 - Very poor"),
            t("2 - Buruk", "2 - Poor"),
            t("3 - Cukup", "3 - Fair"),
            t("4 - Baik", "4 - Good"),
            t("5 - Sangat baik", "5 - Very good"),
        ),
        strict=True,
    )
)
IPA_PROBLEMS = (
    t("Antrean terlalu lama", "Queue too long"),
    t("Persyaratan tidak jelas", "Unclear requirements"),
    t("Berkas harus dilengkapi berulang kali", "Documents had to be completed several times"),
    t("Petugas sulit ditemui", "Staff hard to reach"),
    t("Petugas kurang ramah", "Unfriendly staff"),
    t("Biaya tidak sesuai ketentuan", "Fees not as set"),
    t("Penyelesaian melewati janji waktu", "Completed later than promised"),
    t("Sistem daring bermasalah", "Online system problems"),
    t("Fasilitas kurang memadai", "Inadequate facilities"),
    t("Tidak ada masalah", "No problems"),
)


def _ipa_items() -> tuple[ItemSpec, ...]:
    importance: list[ItemSpec] = []
    performance: list[ItemSpec] = []
    for code, attribute in IPA_ATTRIBUTES:
        common = {"kind": ItemKind.SCALE, "scale_min": 1, "scale_max": 5, "pair_key": code, "name": attribute}
        importance.append(
            ItemSpec(
                code=f"I{code[1:]}",
                text=t(
                    f"Seberapa penting bagi Anda: {attribute['id'].lower()}?",
                    f"How important is this to you: {attribute['en'].lower()}?",
                ),
                pair_role=PairRole.IMPORTANCE,
                options=IMPORTANCE_SCALE,
                **common,  # type: ignore[arg-type]
            )
        )
        performance.append(
            ItemSpec(
                code=f"K{code[1:]}",
                text=t(
                    f"Bagaimana kinerja unit ini dalam hal: {attribute['id'].lower()}?",
                    f"How well did this unit perform on: {attribute['en'].lower()}?",
                ),
                pair_role=PairRole.PERFORMANCE,
                options=PERFORMANCE_SCALE,
                **common,  # type: ignore[arg-type]
            )
        )
    problems = ItemSpec(
        code="MASALAH",
        kind=ItemKind.MULTIPLE_CHOICE,
        text=t(
            "Masalah apa saja yang Anda alami saat menerima layanan? (boleh lebih dari satu)",
            "Which problems did you experience when receiving the service? (choose any)",
        ),
        name=t("Masalah yang dialami", "Problems experienced"),
        dimension="problems",
        options=tuple(enumerate(IPA_PROBLEMS, start=1)),
    )
    suggestion = ItemSpec(
        code="SARAN",
        kind=ItemKind.TEXT,
        text=t("Apa saran Anda untuk perbaikan layanan kami?", "What would you suggest to improve our service?"),
        name=t("Saran", "Suggestions"),
    )
    return (*importance, *performance, problems, suggestion)


TEMPLATES: dict[str, Template] = {
    "skm2017": Template(
        "skm2017",
        _("SKM (Permenpan RB 14/2017)"),
        Method.SKM,
        (*PROFILE_ITEMS, *SKM2017_UNSUR, SUGGESTION),
        RuleSet.PERMENPAN14_2017,
        _("The nine unsur of the community satisfaction survey, with the respondent profile."),
    ),
    "servqual": Template(
        "servqual",
        _("SERVQUAL (22 items, expectation and perception)"),
        Method.SERVQUAL,
        _servqual_items(),
        description=_("Parasuraman, Zeithaml and Berry (1988): five dimensions, gap = perception - expectation."),
    ),
    "csat": Template(
        "csat",
        _("Customer satisfaction (CSAT)"),
        Method.CSAT,
        CSAT_ITEMS,
        description=_("One question on three levels, with an optional comment."),
    ),
    "nps": Template(
        "nps",
        _("Net Promoter Score (NPS)"),
        Method.NPS,
        NPS_ITEMS,
        description=_("Likelihood to recommend on 0-10, and why."),
    ),
    "ipa": Template(
        "ipa",
        _("Importance-performance analysis (IPA)"),
        Method.IPA,
        _ipa_items(),
        description=_("Importance and performance of ten attributes of the service, problems and suggestions."),
    ),
    "skm2014": Template(
        "skm2014",
        _("SKM (Permenpan RB 16/2014, legacy)"),
        Method.SKM,
        (*PROFILE_ITEMS, *SKM2014_UNSUR, SUGGESTION),
        RuleSet.PERMENPAN16_2014,
        _("The nine unsur of 16/2014 with Maklumat Pelayanan, to re-compute historical surveys."),
    ),
    "kep25": Template(
        "kep25",
        _("IKM (KEP/25/M.PAN/2/2004, legacy)"),
        Method.SKM,
        (*PROFILE_ITEMS, *KEP25_UNSUR, SUGGESTION),
        RuleSet.KEP25_2004,
        _("The fourteen unsur of KEP/25/2004, to re-compute historical surveys."),
    ),
}
