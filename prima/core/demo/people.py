"""Plausible Indonesian places, names, phone numbers and e-mail addresses for the demo customers."""

from __future__ import annotations

import random
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from faker import Faker

from prima.customers.contacts import normalize_contact
from prima.customers.models import ContactKind

# Customer e-mail addresses use the reserved .test top-level domain (RFC 2606), so a demo that sends
# survey or follow-up e-mails can never reach a real mailbox.
PERSON_MAIL_DOMAINS = ("surel.test", "posel.test", "contoh.test")


# --- Places and numbers ---------------------------------------------------------------------------

# kecamatan: (postcode, kelurahan/kalurahan, main roads)
SLEMAN_PLACES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "Depok": ("55281", ("Caturtunggal", "Maguwoharjo", "Condongcatur"), ("Jl. Seturan Raya", "Jl. Affandi")),
    "Mlati": ("55285", ("Sinduadi", "Sendangadi", "Tlogoadi", "Sumberadi"), ("Jl. Magelang Km 6", "Jl. Monjali")),
    "Gamping": ("55294", ("Ambarketawang", "Banyuraden", "Nogotirto", "Trihanggo"), ("Jl. Wates Km 5",)),
    "Ngaglik": ("55581", ("Sinduharjo", "Sardonoharjo", "Minomartani"), ("Jl. Kaliurang Km 9", "Jl. Palagan")),
    "Kalasan": ("55571", ("Purwomartani", "Tamanmartani", "Tirtomartani"), ("Jl. Solo Km 12", "Jl. Tajem")),
    "Godean": ("55564", ("Sidoarum", "Sidomoyo", "Sidoagung", "Sidokarto"), ("Jl. Godean Km 8",)),
    "Sleman": ("55515", ("Tridadi", "Triharjo", "Pandowoharjo", "Caturharjo"), ("Jl. Magelang Km 12",)),
    "Berbah": ("55573", ("Kalitirto", "Tegaltirto", "Jogotirto", "Sendangtirto"), ("Jl. Raya Berbah",)),
    "Prambanan": ("55572", ("Bokoharjo", "Sumberharjo", "Madurejo"), ("Jl. Raya Solo Km 16",)),
    "Ngemplak": ("55584", ("Wedomartani", "Umbulmartani", "Widodomartani"), ("Jl. Cangkringan",)),
    "Pakem": ("55582", ("Harjobinangun", "Pakembinangun", "Hargobinangun"), ("Jl. Kaliurang Km 17",)),
    "Seyegan": ("55561", ("Margoluwih", "Margodadi", "Margomulyo"), ("Jl. Seyegan-Godean",)),
    "Tempel": ("55552", ("Lumbungrejo", "Margorejo", "Sumberrejo"), ("Jl. Magelang Km 20",)),
}
YOGYAKARTA_PLACES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "Gondokusuman": ("55221", ("Terban", "Baciro", "Demangan"), ("Jl. C. Simanjuntak", "Jl. Urip Sumoharjo")),
    "Umbulharjo": ("55161", ("Warungboto", "Semaki", "Muja Muju"), ("Jl. Kusumanegara", "Jl. Veteran")),
}
BANTUL_PLACES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "Banguntapan": ("55198", ("Baturetno", "Banguntapan", "Jagalan"), ("Jl. Wonosari Km 7", "Jl. Ringroad Selatan")),
}
MAKASSAR_PLACES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "Panakkukang": ("90231", ("Pandang", "Karuwisi", "Masale"), ("Jl. A.P. Pettarani", "Jl. Boulevard")),
    "Rappocini": ("90222", ("Banta-Bantaeng", "Gunung Sari", "Buakana"), ("Jl. Sultan Alauddin", "Jl. Hertasning")),
    "Tamalate": ("90224", ("Mannuruki", "Jongaya", "Tanjung Merdeka"), ("Jl. Daeng Tata", "Jl. Metro Tanjung Bunga")),
    "Biringkanaya": ("90241", ("Daya", "Sudiang", "Paccerakkang"), ("Jl. Perintis Kemerdekaan Km 14",)),
    "Tamalanrea": ("90245", ("Tamalanrea Indah", "Kapasa", "Bira"), ("Jl. Perintis Kemerdekaan Km 9",)),
    "Manggala": ("90234", ("Antang", "Borong", "Batua"), ("Jl. Antang Raya", "Jl. Abdullah Daeng Sirua")),
}
GOWA_PLACES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "Somba Opu": (
        "92111",
        ("Sungguminasa", "Paccinongang", "Tompobalang"),
        ("Jl. Poros Malino", "Jl. Tun Abdul Razak"),
    ),
}
MAROS_PLACES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "Turikale": ("90511", ("Turikale", "Pettuadae", "Raya"), ("Jl. Poros Makassar-Maros", "Jl. Jenderal Sudirman")),
}
PADUKUHAN = ("Karangasem", "Ngabean", "Jetis", "Kadisoka", "Gondangan", "Krapyak", "Plosokuning", "Kemirikebo")

# Prefixes of Telkomsel, Indosat, XL, Axis, Smartfren and Tri, written the way customers give them.
MOBILE_PREFIXES = ("0811", "0812", "0813", "0821", "0822", "0852", "0853", "0857", "0858", "0877", "0878", "0896")
MOBILE_LENGTHS = (11, 12, 12, 12, 10)  # digits including the leading 0

WORDS = (
    "Maju", "Jaya", "Makmur", "Sejahtera", "Abadi", "Sentosa", "Mandiri", "Berkah", "Sinar", "Mulia", "Karya",
    "Lestari", "Utama", "Bersama", "Gemilang", "Harapan", "Cahaya", "Sehati", "Barokah", "Rahayu", "Agung",
)  # fmt: skip
SLEMAN_WORDS = ("Merapi", "Kaliurang", "Prambanan", "Mataram", "Progo", "Sembada", "Turgo")
MAKASSAR_WORDS = ("Losari", "Celebes", "Karebosi", "Somba Opu", "Mamminasata", "Pinisi", "Tallo")
BUGIS_FIRST_NAMES = (
    "Andi", "Muhammad", "Syamsuddin", "Nurhayati", "Hasnawati", "Ridwan", "Sitti", "Rahmat", "Irwansyah",
    "Haerul", "Asriani", "Arfah", "Mustafa", "Fitriani", "Ismail", "Jumriah", "Kamaruddin", "Rosmini",
)  # fmt: skip
BUGIS_LAST_NAMES = (
    "Mappangara", "Latif", "Hamzah", "Ramli", "Basri", "Syam", "Jufri", "Amir", "Nurdin", "Tahir", "Rauf",
    "Saleh", "Pawellangi", "Mattalatta", "Baso", "Daeng Ngalle",
)  # fmt: skip


def mobile_number(rng: random.Random, used: set[str] | None = None) -> str:
    """A valid Indonesian mobile number as a customer would write it (0812-3456-7890 and variants).

    Checked against ``normalize_contact`` so the services never refuse it; ``used`` keeps numbers unique.
    """
    for _attempt in range(100):
        prefix = rng.choice(MOBILE_PREFIXES)
        rest = "".join(str(rng.randrange(10)) for _ in range(rng.choice(MOBILE_LENGTHS) - len(prefix)))
        digits = prefix + rest
        style = rng.randrange(4)
        if style == 0:
            raw = digits
        elif style == 1:
            raw = f"{digits[:4]}-{digits[4:8]}-{digits[8:]}"
        elif style == 2:
            raw = f"{digits[:4]} {digits[4:8]} {digits[8:]}"
        else:
            raw = f"+62 {digits[1:4]}-{digits[4:8]}-{digits[8:]}"
        try:
            value = normalize_contact(ContactKind.WHATSAPP, raw)
        except ValidationError:
            continue
        if used is None or value not in used:
            if used is not None:
                used.add(value)
            return raw
    raise RuntimeError("Could not generate a valid, unused Indonesian mobile number.")


def landline_number(rng: random.Random, area_code: str) -> str:
    """A valid landline such as ``(0274) 868123``, checked against ``normalize_contact``."""
    for _attempt in range(100):
        raw = f"({area_code}) {rng.randrange(4, 9)}{rng.randrange(10**5):05d}"
        try:
            normalize_contact(ContactKind.PHONE, raw)
        except ValidationError:
            continue
        return raw
    raise RuntimeError("Could not generate a valid Indonesian landline number.")


def _address(rng: random.Random, places: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]]) -> str:
    kecamatan = rng.choice(sorted(places))
    postcode, villages, roads = places[kecamatan]
    village = rng.choice(villages)
    if rng.random() < 0.3:
        street = f"Padukuhan {rng.choice(PADUKUHAN)} RT {rng.randint(1, 9):03d}/RW {rng.randint(1, 30):03d}"
    else:
        street = f"{rng.choice(roads)} No. {rng.randint(1, 250)}"
    return f"{street}, {village}, Kec. {kecamatan} {postcode}"


def sleman_address(rng: random.Random) -> tuple[str, str]:
    """(address, city) mostly in Sleman, some in the neighbouring city and Bantul."""
    roll = rng.random()
    if roll < 0.85:
        return _address(rng, SLEMAN_PLACES), "Kabupaten Sleman"
    if roll < 0.95:
        return _address(rng, YOGYAKARTA_PLACES).replace("Padukuhan", "Kampung"), "Kota Yogyakarta"
    return _address(rng, BANTUL_PLACES), "Kabupaten Bantul"


def makassar_address(rng: random.Random) -> tuple[str, str]:
    """(address, city) mostly in Makassar, some in Gowa and Maros."""
    roll = rng.random()
    if roll < 0.8:
        return _address(rng, MAKASSAR_PLACES).replace("Padukuhan", "Lorong"), "Kota Makassar"
    if roll < 0.92:
        return _address(rng, GOWA_PLACES).replace("Padukuhan", "Dusun"), "Kabupaten Gowa"
    return _address(rng, MAROS_PLACES).replace("Padukuhan", "Dusun"), "Kabupaten Maros"


# --- Names ----------------------------------------------------------------------------------------


def person_name(fake: Faker, rng: random.Random, *, bugis: bool = False) -> tuple[str, str]:
    """(display name, plain name for an e-mail address), e.g. ("Ir. Bambang Susanto", "Bambang Susanto")."""
    female = rng.random() < 0.5
    if bugis:
        plain = f"{rng.choice(BUGIS_FIRST_NAMES)} {rng.choice(BUGIS_LAST_NAMES)}"
    elif female:
        plain = f"{fake.first_name_female()} {fake.last_name_female()}"
    else:
        plain = f"{fake.first_name_male()} {fake.last_name_male()}"
    name = plain
    roll = rng.random()
    if roll < 0.06:
        name = f"{rng.choice(('Hj.', 'dr.')) if female else rng.choice(('H.', 'Ir.', 'Drs.'))} {plain}"
    elif roll < 0.14:
        name = f"{plain}, {rng.choice(('S.E.', 'S.T.', 'S.Pd.', 'S.H.', 'S.Kom.', 'M.M.'))}"
    return name, plain


def _words(rng: random.Random, regional: Sequence[str]) -> str:
    return f"{rng.choice((*WORDS, *regional))} {rng.choice(WORDS)}"


def sleman_organisation_name(fake: Faker, rng: random.Random, style: str) -> str:
    """A business, developer, cooperative or foundation name typical of Sleman."""
    if style == "developer":
        return rng.choice(
            (
                f"PT {_words(rng, SLEMAN_WORDS)} Land",
                f"PT Griya {_words(rng, SLEMAN_WORDS)}",
                f"PT {fake.last_name()} Properti Indonesia",
                f"CV Perumahan {rng.choice(SLEMAN_WORDS)} Asri",
            )
        )
    if style == "koperasi":
        kind = rng.choice(("Serba Usaha", "Simpan Pinjam", "Produsen Susu", "Tani"))
        return f"Koperasi {kind} {_words(rng, SLEMAN_WORDS)}"
    if style == "yayasan":
        return rng.choice((f"Yayasan Pendidikan {_words(rng, SLEMAN_WORDS)}", f"Yayasan {rng.choice(WORDS)} Insani"))
    return rng.choice(
        (
            f"CV {_words(rng, SLEMAN_WORDS)}",
            f"PT {_words(rng, SLEMAN_WORDS)}",
            f"UD {fake.last_name()} {rng.choice(WORDS)}",
            f"Warung Makan {_words(rng, SLEMAN_WORDS)}",
            f"Batik {fake.last_name()}",
            f"Konveksi {_words(rng, SLEMAN_WORDS)}",
            f"Salak Pondoh {rng.choice(SLEMAN_WORDS)} {rng.choice(WORDS)}",
            f"Bengkel {rng.choice(WORDS)} Motor",
        )
    )


def makassar_organisation_name(fake: Faker, rng: random.Random, style: str) -> str:
    """A shop or distributor name typical of Makassar."""
    if style == "distributor":
        return rng.choice(
            (
                f"PT {_words(rng, MAKASSAR_WORDS)} Distribusi",
                f"CV {_words(rng, MAKASSAR_WORDS)} Niaga",
                f"PT Distributor Pangan {rng.choice(MAKASSAR_WORDS)}",
            )
        )
    return rng.choice(
        (
            f"Toko {fake.first_name()}",
            f"Toko {_words(rng, MAKASSAR_WORDS)}",
            f"UD {_words(rng, MAKASSAR_WORDS)}",
            f"Minimarket {rng.choice(MAKASSAR_WORDS)} {rng.choice(WORDS)}",
        )
    )


def _email_local(text: str) -> str:
    return slugify(text).replace("-", ".")


def person_email(rng: random.Random, plain_name: str) -> str:
    number = str(rng.randint(1, 99)) if rng.random() < 0.4 else ""
    return f"{_email_local(plain_name)}{number}@{rng.choice(PERSON_MAIL_DOMAINS)}"


def organisation_email(rng: random.Random, name: str) -> str:
    core = name.split(" ", 1)[1] if name.split(" ", 1)[0] in {"PT", "CV", "UD"} else name
    return f"{rng.choice(('info', 'admin', 'kantor', 'cs'))}@{slugify(core)}.test"
