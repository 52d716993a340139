"""What the demo's requesters write and what staff answer: scenario templates in Indonesian (one in English).

Plain data and one pure helper (``fill_values``). ``{name}`` fields are filled by the generator from seeded
values; ``$name`` fields (``$tahun``, ``$jadwal``, ``$janji``, ``$janji_baru``, ``$tanggal_surat``) depend on the
day the demo is loaded and are filled by the build (``$janji_temu``: an upcoming appointment; ``$bulan``: the
letter's month in Roman numerals).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from prima.core.demo.people import SLEMAN_PLACES
from prima.core.demo.plans import INFORMASI, LAYANAN, PBG, USAHA
from prima.tickets.choices import Channel, Priority, RequestKind


@dataclass(frozen=True)
class Item:
    """One way a scenario's request is put: subject, description, and optionally its own answer."""

    subject: str
    description: str
    answer: str = ""
    sender: tuple[str, str] | None = None  # for letters: who wrote it and how they number letters


@dataclass(frozen=True)
class LetterTemplate:
    # (sender, how they number letters: "{nomor}" is filled in by the generator, "$bulan" (Roman) and "$tahun"
    # from the letter's date)
    senders: tuple[tuple[str, str], ...]
    due_days: int = 14


@dataclass(frozen=True)
class Scenario:
    """A kind of request a unit receives, with the conversation staff and requester have about it."""

    key: str
    unit: str
    kind: str
    channels: tuple[str, ...]
    items: tuple[Item, ...]
    answer: str  # the public reply that settles it
    category: str = ""
    weight: float = 1.0
    priority: str = Priority.NORMAL
    raise_priority: float = 0.0  # chance of one step higher
    ask: str = ""  # a public question that leaves the request waiting for the requester
    customer_answer: str = ""  # the requester's reply to it
    third_party: str = ""  # a public reply when the request waits for another office or a supplier
    third_party_note: str = ""
    notes: tuple[str, ...] = ()
    reopen: str = ""  # why the requester reopens it
    after_reopen: str = ""
    incident_place: str = ""
    remedy: str = ""
    confidential: float = 0.0
    anonymous: float = 0.0
    language: str = "id"
    transfer_to: str = ""
    transfer_reason: str = ""
    collaborator_units: tuple[str, ...] = ()  # the supervisors of these units join the request
    letter: LetterTemplate | None = None
    appointment_place: str = ""


ORGANISATION_SIGNATURES = {
    USAHA: "Perizinan Usaha, DPMPTSP Kabupaten Sleman",
    PBG: "Perizinan Bangunan (PBG), DPMPTSP Kabupaten Sleman",
    INFORMASI: "Informasi dan Pengaduan, DPMPTSP Kabupaten Sleman",
    LAYANAN: "Layanan Pelanggan, CV Sumber Rejeki Makmur",
}

# How customers name the agents in compliments ("Mbak Ayu sangat membantu").
STAFF_CALLED = {
    "dimas@sleman.prima.test": "Mas Dimas",
    "ayu@sleman.prima.test": "Mbak Ayu",
    "fajar@sleman.prima.test": "Mas Fajar",
    "aini@sleman.prima.test": "Bu Nur Aini",
    "rizky@sleman.prima.test": "Mas Rizky",
    "wulan@sleman.prima.test": "Mbak Wulan",
    "teguh@sleman.prima.test": "Pak Teguh",
    "indah@sleman.prima.test": "Mbak Indah",
    "arief@sleman.prima.test": "Pak Arief",
    "lestari@sleman.prima.test": "Bu Lestari",
    "galih@sleman.prima.test": "Mas Galih",
    "putri@sleman.prima.test": "Mbak Putri",
    "nurul@sumberrejeki.prima.test": "Bu Nurul",
    "fadli@sumberrejeki.prima.test": "Pak Fadli",
}

# (business, KBLI 2020 code, KBLI title)
BUSINESSES = (
    ("warung makan", "56102", "Rumah/Warung Makan"),
    ("katering rumahan", "56210", "Jasa Boga untuk Suatu Event Tertentu"),
    ("laundry kiloan", "96200", "Aktivitas Binatu"),
    ("toko kelontong", "47112", "Perdagangan Eceran Berbagai Macam Barang yang Utamanya Makanan (Tradisional)"),
    ("bengkel motor", "45405", "Reparasi dan Perawatan Sepeda Motor"),
    ("konveksi kaos", "14111", "Industri Pakaian Jadi (Konveksi) dari Tekstil"),
    ("kedai kopi", "56303", "Rumah Minum/Kafe"),
    ("jasa fotokopi dan penjilidan", "82190", "Aktivitas Fotokopi dan Penyiapan Dokumen"),
    ("salon kecantikan", "96112", "Aktivitas Salon Kecantikan"),
    ("produksi bakpia", "10710", "Industri Produk Roti dan Kue"),
)
FOOD_PRODUCTS = ("bakpia", "keripik tempe", "sambal bawang botolan", "kue kering", "wedang uwuh celup", "geplak")
BUSINESS_PERMITS = ("Sertifikat Standar", "PB UMKU", "izin usaha toko swalayan", "perubahan data NIB")
ANY_PERMITS = (*BUSINESS_PERMITS, "PBG", "SLF")
BUILDINGS = ("rumah kos dua lantai", "gudang", "ruko tiga pintu", "tembok pagar setinggi tiga meter")
WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat")
ESTATE_WORDS = ("Merapi", "Sembada", "Kaliurang", "Turgo", "Progo", "Mataram", "Asri", "Lestari", "Permai")


def _rupiah(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def fill_values(rng: random.Random) -> dict[str, str]:
    """Seeded values for the ``{name}`` fields of every scenario (all drawn, so the draw order never changes)."""
    business, kbli, kbli_title = rng.choice(BUSINESSES)
    kecamatan = rng.choice(sorted(SLEMAN_PLACES))
    _postcode, villages, roads = SLEMAN_PLACES[kecamatan]
    area = rng.randrange(36, 181, 2)
    fee = area * rng.randrange(9_000, 16_000, 500)
    start_hour = rng.randint(8, 10)
    return {
        "usaha": business,
        "kbli": kbli,
        "kbli_nama": kbli_title,
        "produk": rng.choice(FOOD_PRODUCTS),
        "kecamatan": kecamatan,
        "kalurahan": rng.choice(villages),
        "kalurahan_lama": rng.choice(SLEMAN_PLACES[rng.choice(sorted(SLEMAN_PLACES))][1]),
        "jalan": f"{rng.choice(roads)} No. {rng.randint(1, 250)}",
        "izin": rng.choice(BUSINESS_PERMITS),
        "izin_apa": rng.choice(ANY_PERMITS),
        "hari": str(rng.randint(14, 45)),
        "minggu": str(rng.randint(2, 8)),
        "lantai": rng.choice(("1", "2", "2")),
        "luas": str(area),
        "retribusi": _rupiah(round(fee, -4)),
        "retribusi_tinggi": _rupiah(int(round(fee * rng.uniform(1.4, 1.9), -4))),
        "nomor_pbg": f"PBG-3404{rng.randint(1, 17):02d}-{rng.randrange(10**6):06d}",
        "nib": f"{rng.randint(1, 9)}{rng.randrange(10**12):012d}",
        "tiket_oss": f"OSS-{rng.randrange(10**7):07d}",
        "loket": str(rng.randint(1, 6)),
        "hari_kejadian": rng.choice(WEEKDAYS),
        "jam": f"{start_hour:02d}.{rng.choice(('05', '15', '30', '45'))}",
        "antrean": f"A-{rng.randint(40, 160):03d}",
        "jam_selesai": f"{start_hour + rng.randint(2, 4):02d}.{rng.choice(('10', '25', '40', '50'))}",
        "pungli": rng.choice(("500.000", "750.000", "1.500.000", "2.000.000")),
        "bangunan": rng.choice(BUILDINGS),
        "perumahan": f"Griya {rng.choice(ESTATE_WORDS)} {rng.choice(('Residence', 'Asri', 'Regency', 'Indah'))}",
        "unit_rumah": str(rng.randrange(24, 121, 4)),
        "kali": str(rng.randint(3, 4)),
        "modal": str(rng.randrange(5, 55, 5)),
        "tahun_lama": str(rng.randint(2012, 2019)),
        "nomor": str(rng.randint(11, 980)),
        "nomor_balasan": str(rng.randint(100, 999)),
        "jumlah": str(rng.randint(2, 8)),
        "cctv_hari": str(rng.randint(7, 14)),
    }


W, E, P, K = Channel.WEB, Channel.EMAIL, Channel.PHONE, Channel.WALK_IN
LETTER, BOX, CARD = Channel.LETTER, Channel.SUGGESTION_BOX, Channel.COMMENT_CARD

# --- Perizinan Usaha ------------------------------------------------------------------------------

USAHA_SCENARIOS = (
    Scenario(
        key="nib-baru",
        unit=USAHA,
        kind=RequestKind.INFORMATION,
        channels=(W, W, E, P, K),
        category="NIB / OSS",
        weight=3,
        items=(
            Item(
                "Cara mendaftar NIB untuk usaha {usaha}",
                "Selamat siang. Saya berencana membuka usaha {usaha} di rumah, di {kalurahan}, Kec. {kecamatan}. "
                "Bagaimana cara mendapatkan NIB lewat OSS dan dokumen apa saja yang perlu disiapkan? "
                "Apakah ada biayanya?",
            ),
            Item(
                "Mau buat NIB, apakah berbayar?",
                "Saya baru mulai usaha {usaha}. Teman bilang mengurus NIB harus lewat calo dan bayar. "
                "Apakah benar? Saya ingin mengurus sendiri.",
            ),
        ),
        answer="NIB untuk usaha {usaha} dapat Bapak/Ibu daftarkan sendiri secara daring di oss.go.id tanpa biaya "
        "apa pun. Yang perlu disiapkan: NIK dan nomor HP/e-mail aktif untuk membuat akun, alamat lokasi usaha, serta "
        "kode KBLI {kbli} ({kbli_nama}). Usaha ini termasuk risiko rendah, sehingga setelah NIB terbit usaha sudah "
        "dapat berjalan. Bila ingin didampingi, silakan datang ke loket Perizinan Usaha di Mal Pelayanan Publik "
        "Lantai 1, Senin-Jumat pukul 08.00-15.00, dengan membawa KTP.",
        ask="Agar arahan kami tepat, mohon informasikan perkiraan modal usaha (di luar tanah dan bangunan) dan "
        "apakah produk yang dijual diolah sendiri.",
        customer_answer="Modal usaha sekitar Rp{modal} juta di luar tanah dan bangunan. Ya, sebagian produk saya "
        "olah sendiri di rumah.",
        notes=(
            "Pemohon sudah dibantu membuat akun OSS di loket, NIB tinggal menunggu validasi NIK.",
            "KBLI sudah dicek: {kbli} risiko rendah, cukup NIB.",
        ),
        reopen="Maaf, saat saya coba daftar, OSS meminta NPWP padahal saya belum punya. Mohon petunjuknya.",
        after_reopen="Untuk usaha perorangan, kolom NPWP dapat dilewati; OSS akan memakai NIK sebagai NPWP "
        "(NIK sudah berfungsi sebagai NPWP). Silakan lanjutkan pendaftaran, dan hubungi kami bila masih tertahan.",
    ),
    Scenario(
        key="kbli",
        unit=USAHA,
        kind=RequestKind.INFORMATION,
        channels=(W, E, P),
        category="NIB / OSS",
        weight=2,
        items=(
            Item(
                "Bingung memilih KBLI untuk usaha {usaha}",
                "Saya punya usaha {usaha} dan juga berjualan lewat marketplace. Di OSS ada beberapa KBLI yang mirip, "
                "saya takut salah pilih. KBLI mana yang tepat, dan apakah penjualan online perlu KBLI tersendiri?",
            ),
        ),
        answer="Untuk kegiatan utama {usaha}, gunakan KBLI {kbli} ({kbli_nama}). Berjualan melalui marketplace milik "
        "pihak lain tidak memerlukan KBLI tersendiri; KBLI kelompok 4791 (perdagangan eceran melalui media) hanya "
        "diperlukan bila penjualan daring dijalankan sebagai kegiatan usaha terpisah. KBLI dapat ditambah kemudian "
        "melalui menu Perubahan di OSS tanpa mengganti nomor NIB.",
        notes=("Dicek di tabel KBLI 2020, pemohon cukup satu KBLI.",),
    ),
    Scenario(
        key="sertifikat-standar",
        unit=USAHA,
        kind=RequestKind.INFORMATION,
        channels=(W, E, K),
        category="Persyaratan",
        weight=2,
        items=(
            Item(
                "Sertifikat standar usaha {usaha} belum terverifikasi",
                "NIB saya sudah terbit, tetapi di OSS tertulis perizinan berupa Sertifikat Standar yang belum "
                "terverifikasi. Apa yang harus saya lakukan agar usaha {usaha} saya legal sepenuhnya?",
            ),
        ),
        answer="Verifikasi dari dinas teknis sudah selesai dan Sertifikat Standar usaha Bapak/Ibu kini berstatus "
        "terverifikasi di OSS. Dokumennya dapat diunduh dari menu Perizinan Berusaha. Tidak ada biaya untuk "
        "penerbitannya.",
        third_party="Untuk KBLI {kbli} dengan risiko menengah tinggi, Sertifikat Standar perlu diverifikasi dinas "
        "teknis. Berkas Bapak/Ibu sudah kami teruskan ke Dinas Perindustrian dan Perdagangan; kami kabari kembali "
        "begitu ada hasil.",
        third_party_note="Menunggu verifikasi Disperindag, sudah dikonfirmasi lewat telepon ke bidang usaha.",
        ask="Mohon unggah ulang foto lokasi usaha tampak depan dan denah sederhana di OSS, lalu balas pesan ini "
        "agar kami teruskan ke dinas teknis.",
        customer_answer="Foto lokasi dan denah sudah saya unggah ulang tadi pagi. Terima kasih.",
    ),
    Scenario(
        key="siup-lama",
        unit=USAHA,
        kind=RequestKind.INFORMATION,
        channels=(K, P, W),
        category="NIB / OSS",
        items=(
            Item(
                "SIUP lama terbitan {tahun_lama}, apakah masih berlaku?",
                "Saya memiliki SIUP dan TDP yang terbit tahun {tahun_lama}. Bank meminta NIB untuk pengajuan KUR. "
                "Apakah SIUP lama masih berlaku, dan bagaimana cara beralih ke NIB?",
            ),
        ),
        answer="Sejak perizinan berusaha berbasis risiko (PP 5/2021), SIUP dan TDP digantikan oleh NIB. Untuk "
        "pengajuan KUR, silakan daftarkan usaha Bapak/Ibu di oss.go.id; SIUP lama tidak perlu dilampirkan. "
        "Prosesnya daring dan gratis, dan NIB usaha risiko rendah biasanya terbit pada hari yang sama.",
    ),
    Scenario(
        key="oss-error",
        unit=USAHA,
        kind=RequestKind.INFORMATION,
        channels=(W, E, P),
        category="Sistem OSS",
        weight=2,
        raise_priority=0.3,
        items=(
            Item(
                "NIK ditolak saat registrasi OSS",
                "Saat mendaftar di OSS muncul pesan bahwa NIK saya sudah terdaftar, padahal saya belum pernah "
                "membuat akun. Sudah saya coba beberapa kali sejak minggu lalu. Mohon bantuannya.",
            ),
            Item(
                "Tidak bisa masuk akun OSS, e-mail lama sudah tidak aktif",
                "Akun OSS saya dibuat oleh konsultan dengan e-mail yang sekarang sudah tidak aktif, jadi kode "
                "verifikasi tidak pernah sampai. Bagaimana mengganti e-mail akun OSS?",
            ),
        ),
        answer="Helpdesk OSS sudah mengatur ulang data akun yang terkait dengan NIK Bapak/Ibu. Silakan masuk kembali "
        "melalui menu Lupa Kata Sandi dengan e-mail yang baru; bila masih gagal, balas pesan ini dan kami bantu "
        "langsung di loket.",
        third_party="Kendala ini harus ditangani helpdesk OSS Kementerian Investasi/BKPM karena menyangkut data di "
        "sistem pusat. Tiket bantuan sudah kami ajukan atas nama Bapak/Ibu; kami kabari begitu ada jawaban.",
        third_party_note="Tiket helpdesk OSS sudah dibuat: {tiket_oss}. Estimasi 3-5 hari kerja.",
        notes=("Sudah dicoba reset dari akun admin daerah, tidak bisa — harus lewat helpdesk pusat.",),
        reopen="Masih belum bisa, kode verifikasi tetap tidak masuk ke e-mail baru saya.",
        after_reopen="Kami sudah menghubungi helpdesk OSS lagi; ternyata e-mail baru belum tersimpan. Sekarang "
        "sudah diperbaiki dan kami uji berhasil. Silakan dicoba kembali.",
    ),
    Scenario(
        key="perubahan-nib",
        unit=USAHA,
        kind=RequestKind.INFORMATION,
        channels=(W, E, K),
        category="NIB / OSS",
        items=(
            Item(
                "Perubahan alamat usaha di NIB",
                "Tempat usaha saya pindah dari {kalurahan_lama} ke {kalurahan}, Kec. {kecamatan}. Bagaimana mengubah "
                "alamat di NIB? Apakah nomor NIB-nya berganti?",
            ),
        ),
        answer="Perubahan lokasi usaha dilakukan melalui menu Perubahan Data Usaha di OSS; nomor NIB tetap sama. "
        "Setelah disimpan, silakan cetak ulang NIB. Karena KBLI Bapak/Ibu berisiko rendah, tidak ada dokumen lain "
        "yang perlu diperbarui.",
        ask="Mohon kirimkan nomor NIB Bapak/Ibu agar kami dapat memeriksa KBLI yang terdaftar.",
        customer_answer="NIB saya {nib}. Terima kasih.",
    ),
    Scenario(
        key="pirt",
        unit=USAHA,
        kind=RequestKind.INFORMATION,
        channels=(W, K, P),
        category="Persyaratan",
        items=(
            Item(
                "Izin P-IRT untuk {produk} rumahan",
                "Saya memproduksi {produk} di rumah dan ingin menitipkan ke toko oleh-oleh. Toko meminta nomor P-IRT. "
                "Bagaimana prosesnya dan berapa lama?",
            ),
        ),
        answer="Jadwal Penyuluhan Keamanan Pangan dari Dinas Kesehatan sudah keluar dan nama Bapak/Ibu sudah kami "
        "daftarkan. Setelah sertifikat penyuluhan terbit, SPP-IRT diajukan melalui OSS (NIB dengan KBLI industri "
        "makanan yang sesuai), lalu petugas Dinkes memeriksa sarana produksi sebelum nomor P-IRT terbit.",
        third_party="Syarat utama SPP-IRT adalah sertifikat Penyuluhan Keamanan Pangan dari Dinas Kesehatan. Kami "
        "sudah menanyakan jadwal penyuluhan berikutnya; begitu ada jadwal kami sampaikan.",
        third_party_note="Dinkes: penyuluhan PKP dibuka lagi bulan depan, kuota 40 orang.",
    ),
    Scenario(
        key="pma-english",
        unit=USAHA,
        kind=RequestKind.INFORMATION,
        channels=(E, W),
        category="Persyaratan",
        weight=0.5,
        language="en",
        items=(
            Item(
                "Business licence for a foreign-owned company (PT PMA)",
                "Hello, we are setting up a PT PMA to run a small restaurant near Kaliurang. Which permits do we need "
                "besides the NIB, and can we apply in English? Our notary has already registered the deed.",
            ),
        ),
        answer="Thank you for your message. A PT PMA registers its NIB through OSS (oss.go.id), which has an English "
        "interface. Foreign investment must exceed IDR 10 billion per business line (excluding land and buildings) "
        "and the business line must be open to foreign investment; KBLI 56101 (restaurants) is. The building needs a "
        "PBG and an SLF, handled by our building permit unit. You are welcome to visit our desk at the Public "
        "Service Mall, 1st floor, where we can go through OSS with you.",
        notes=("Pemohon berbahasa Inggris; dijawab dalam bahasa Inggris. KBLI 56101 terbuka untuk PMA.",),
    ),
    Scenario(
        key="izin-lambat",
        unit=USAHA,
        kind=RequestKind.COMPLAINT,
        channels=(W, E, K, P),
        category="Waktu layanan",
        weight=2,
        raise_priority=0.4,
        items=(
            Item(
                "{izin} belum terbit setelah {hari} hari",
                "Saya mengajukan {izin} {hari} hari yang lalu dan status di OSS masih 'menunggu verifikasi'. Sudah dua "
                "kali saya tanyakan ke loket tetapi jawabannya hanya disuruh menunggu. Usaha saya tertunda karena ini.",
            ),
            Item(
                "Pengajuan {izin} tidak ada kabar",
                "Berkas {izin} saya kirim lengkap lewat OSS, tetapi sudah {minggu} minggu tidak ada kabar sama sekali. "
                "Tidak ada pemberitahuan kekurangan dokumen. Mohon kejelasan.",
            ),
        ),
        answer="Mohon maaf atas keterlambatan ini. Berkas Bapak/Ibu ternyata tertahan pada tahap verifikasi dinas "
        "teknis. Kami sudah berkoordinasi dan {izin} Bapak/Ibu kini sudah terbit; dokumennya dapat diunduh di OSS. "
        "Petugas loket juga sudah kami ingatkan agar menjelaskan posisi berkas dengan jelas.",
        third_party="Kami sudah memeriksa posisi berkas: saat ini menunggu verifikasi dinas teknis. Kami sudah "
        "meminta percepatan dan akan mengabari Bapak/Ibu.",
        third_party_note="Dikirim memo percepatan ke dinas teknis, ditembuskan ke Kabid.",
        notes=(
            "Dicek di OSS: berkas tertahan di verifikasi dinas teknis, belum ada disposisi.",
            "Sudah koordinasi dengan dinas teknis, dijanjikan selesai minggu ini.",
        ),
        incident_place="Loket Perizinan Usaha, MPP Lantai 1",
        remedy="Mohon kepastian kapan izin selesai dan penjelasan apa yang kurang.",
    ),
    Scenario(
        key="syarat-tidak-jelas",
        unit=USAHA,
        kind=RequestKind.COMPLAINT,
        channels=(W, E, K),
        category="Persyaratan",
        items=(
            Item(
                "Persyaratan berubah-ubah, harus bolak-balik ke loket",
                "Saya sudah tiga kali datang ke MPP untuk {izin}. Setiap datang diminta dokumen yang berbeda: pertama "
                "surat keterangan domisili, lalu denah lokasi, terakhir foto tempat usaha. Di website tidak ada "
                "keterangan itu. Mohon daftar persyaratan dibuat jelas dan sama untuk semua petugas.",
            ),
            Item(
                "Informasi syarat di website berbeda dengan di loket",
                "Di laman DPMPTSP tertulis syarat {izin} cukup NIB dan foto lokasi, tetapi di loket saya diminta "
                "surat pengantar kalurahan. Mana yang benar?",
            ),
        ),
        answer="Terima kasih atas masukannya dan mohon maaf atas ketidaknyamanan ini. Surat pengantar kalurahan "
        "tidak termasuk persyaratan {izin}. Daftar persyaratan yang berlaku sudah kami tempel di setiap loket dan "
        "kami perbarui di laman DPMPTSP, dan seluruh petugas loket sudah kami ingatkan dalam briefing pagi.",
        notes=("Dibahas di briefing pagi; daftar syarat baku dibagikan ke semua petugas loket.",),
        incident_place="Loket Perizinan Usaha, MPP Lantai 1",
        remedy="Daftar persyaratan yang lengkap dan tertulis.",
    ),
    Scenario(
        key="sikap-petugas-usaha",
        unit=USAHA,
        kind=RequestKind.COMPLAINT,
        channels=(W, K, BOX),
        category="Sikap petugas",
        priority=Priority.HIGH,
        confidential=0.35,
        items=(
            Item(
                "Petugas loket kurang ramah",
                "Pada hari {hari_kejadian} sekitar pukul {jam} saya bertanya tentang {izin} di loket {loket}. Petugas "
                "menjawab dengan ketus sambil bermain HP dan menyuruh saya mencari sendiri di internet. Saya sudah "
                "lansia dan tidak paham OSS.",
            ),
        ),
        answer="Kami mohon maaf atas pelayanan yang Bapak/Ibu terima. Petugas yang bersangkutan sudah kami mintai "
        "klarifikasi dan mendapat pembinaan dari atasan langsung. Bila Bapak/Ibu masih memerlukan bantuan {izin}, "
        "kami siap mendampingi langsung di loket 1 atau melalui telepon (0274) 868101.",
        notes=(
            "Sudah klarifikasi dengan petugas loket {loket} pada hari itu; yang bersangkutan mengakui dan sudah "
            "dibina.",
            "Dijadwalkan penyegaran pelatihan pelayanan prima untuk petugas loket.",
        ),
        incident_place="Loket {loket}, Mal Pelayanan Publik Lantai 1",
        remedy="Petugas ditegur dan pelayanan diperbaiki.",
    ),
    Scenario(
        key="pendampingan-oss",
        unit=USAHA,
        kind=RequestKind.APPOINTMENT,
        channels=(W, P, K),
        category="NIB / OSS",
        weight=2,
        appointment_place="Ruang Konsultasi OSS",
        items=(
            Item(
                "Jadwal pendampingan pengisian OSS",
                "Saya ingin dibantu mengisi data usaha di OSS karena kurang paham komputer. Bisa dijadwalkan "
                "pendampingan? Saya bisa datang pagi hari.",
            ),
            Item(
                "Minta dibantu mengisi OSS untuk usaha {usaha}",
                "Mohon dijadwalkan konsultasi untuk mendaftarkan usaha {usaha} saya di OSS, termasuk memilih KBLI.",
            ),
        ),
        answer="Jadwal pendampingan Bapak/Ibu: $jadwal di Ruang Konsultasi OSS, MPP Lantai 1. Mohon membawa KTP, "
        "NPWP bila ada, dan HP yang terhubung dengan e-mail aktif.",
        notes=("Pendampingan selesai, NIB sudah terbit atas nama pemohon.",),
    ),
    Scenario(
        key="surat-data-nib",
        unit=USAHA,
        kind=RequestKind.LETTER,
        channels=(LETTER, E),
        category="Persyaratan",
        priority=Priority.HIGH,
        collaborator_units=(INFORMASI,),
        weight=1.5,
        letter=LetterTemplate(
            senders=(
                ("Dinas Koperasi dan UKM Kabupaten Sleman", "518/{nomor}/DKUKM/$tahun"),
                ("Badan Perencanaan Pembangunan Daerah Kabupaten Sleman", "050/{nomor}/Bappeda/$tahun"),
                ("Fakultas Ekonomika dan Bisnis Universitas Merapi", "{nomor}/FEB-UM/$bulan/$tahun"),
            ),
        ),
        items=(
            Item(
                "Permintaan data NIB usaha mikro per kecamatan",
                "Surat nomor $nomor_surat tanggal $tanggal_surat: mohon data jumlah NIB usaha mikro yang terbit per "
                "kecamatan selama setahun terakhir untuk penyusunan program pendampingan UMKM.",
            ),
        ),
        answer="Data yang diminta telah kami kirim dengan surat balasan nomor 503/{nomor_balasan}/DPMPTSP/$tahun "
        "beserta lampiran rekap NIB per kecamatan.",
        notes=(
            "Rekap diambil dari dasbor OSS per kecamatan, dicek ulang oleh koordinator.",
            "Draf surat balasan sudah diparaf Kabid, menunggu tanda tangan Kepala Dinas.",
        ),
    ),
    Scenario(
        key="saran-usaha",
        unit=USAHA,
        kind=RequestKind.SUGGESTION,
        channels=(BOX, CARD, W),
        category="Persyaratan",
        anonymous=0.4,
        items=(
            Item(
                "Usul loket pendampingan OSS khusus lansia",
                "Banyak orang tua yang kesulitan mengisi OSS sendiri. Mohon ada loket atau jam khusus pendampingan "
                "untuk lansia dan penyandang disabilitas.",
            ),
            Item(
                "Mohon ada video tutorial OSS yang sederhana",
                "Tutorial OSS di internet terlalu teknis. Alangkah baiknya DPMPTSP membuat video singkat berbahasa "
                "sederhana, misalnya diputar di ruang tunggu.",
            ),
            Item(
                "Sediakan komputer mandiri untuk mengisi OSS",
                "Saran: sediakan dua atau tiga komputer di ruang tunggu agar pemohon bisa langsung mengisi OSS sambil "
                "menunggu antrean.",
            ),
        ),
        answer="Terima kasih atas sarannya. Usulan ini sudah kami sampaikan dalam rapat evaluasi layanan bulanan dan "
        "akan kami tindak lanjuti secara bertahap.",
        notes=("Dimasukkan ke daftar usulan rapat evaluasi layanan bulan ini.",),
    ),
    Scenario(
        key="pujian-usaha",
        unit=USAHA,
        kind=RequestKind.COMPLIMENT,
        channels=(CARD, W, BOX),
        anonymous=0.2,
        items=(
            Item(
                "Terima kasih atas pendampingan OSS",
                "Saya ingin berterima kasih kepada {petugas} yang dengan sabar membantu saya mendaftar NIB sampai "
                "selesai. Pelayanannya cepat dan ramah.",
            ),
        ),
        answer="Terima kasih atas apresiasi Bapak/Ibu. Pesan ini sudah kami sampaikan kepada {petugas} dan pimpinan. "
        "Semoga usaha Bapak/Ibu semakin lancar.",
        notes=("Apresiasi diteruskan ke Kepala Bidang untuk penilaian kinerja bulanan.",),
    ),
)

# --- Perizinan Bangunan (PBG) ---------------------------------------------------------------------

PBG_SCENARIOS = (
    Scenario(
        key="syarat-pbg",
        unit=PBG,
        kind=RequestKind.INFORMATION,
        channels=(W, W, E, P, K),
        category="Pengajuan PBG",
        weight=3,
        items=(
            Item(
                "Persyaratan PBG rumah tinggal {lantai} lantai",
                "Saya akan membangun rumah tinggal {lantai} lantai seluas sekitar {luas} m² di {kalurahan}, "
                "Kec. {kecamatan}. Dokumen apa saja yang diperlukan untuk PBG, dan apakah harus memakai jasa arsitek?",
            ),
            Item(
                "Cara mengajukan PBG lewat SIMBG",
                "Bagaimana langkah-langkah mengajukan PBG melalui SIMBG? Saya sudah membuat akun tetapi bingung di "
                "bagian dokumen teknis.",
            ),
        ),
        answer="PBG diajukan melalui simbg.pu.go.id. Dokumen yang diperlukan: data pemohon (KTP), bukti kepemilikan "
        "tanah, dokumen rencana arsitektur, struktur, serta mekanikal-elektrikal-plumbing. Untuk rumah tinggal "
        "sederhana sampai 2 lantai Bapak/Ibu dapat memakai desain prototipe di SIMBG sehingga tidak wajib memakai "
        "jasa arsitek. Setelah dokumen lengkap, berkas dinilai Tim Penilai Teknis, lalu retribusi dibayar melalui "
        "bank dan PBG terbit. Konsultasi gratis tersedia di loket PBG, MPP Lantai 2.",
        ask="Mohon informasikan apakah tanah sudah bersertifikat atas nama Bapak/Ibu, dan apakah lokasinya di tepi "
        "jalan kabupaten atau provinsi (untuk pengecekan garis sempadan).",
        customer_answer="Sertifikat sudah atas nama saya (SHM). Lokasinya di jalan kampung, bukan jalan besar.",
        notes=("Lokasi bukan kawasan LP2B, aman untuk rumah tinggal.",),
    ),
    Scenario(
        key="imb-lama",
        unit=PBG,
        kind=RequestKind.INFORMATION,
        channels=(W, P, K),
        category="Pengajuan PBG",
        items=(
            Item(
                "Apakah IMB lama perlu diganti PBG?",
                "Rumah saya punya IMB tahun {tahun_lama}. Sekarang mau menambah satu lantai. Apakah IMB lama masih "
                "berlaku atau harus mengurus PBG baru?",
            ),
        ),
        answer="IMB yang sudah terbit tetap berlaku. Karena Bapak/Ibu akan menambah lantai, perlu diajukan PBG "
        "perubahan melalui SIMBG dengan melampirkan IMB lama dan gambar rencana penambahan. Perhitungan struktur "
        "diperlukan untuk memastikan bangunan lama kuat menahan lantai tambahan.",
    ),
    Scenario(
        key="slf",
        unit=PBG,
        kind=RequestKind.INFORMATION,
        channels=(E, W, K),
        category="SLF",
        items=(
            Item(
                "Cara mengurus SLF untuk ruko",
                "Kami memiliki ruko 3 lantai di {jalan} yang sudah selesai dibangun dengan PBG. Bank meminta SLF. "
                "Bagaimana prosesnya dan siapa yang melakukan pemeriksaan kelaikan?",
            ),
        ),
        answer="Verifikasi lapangan sudah dilaksanakan dan SLF ruko Bapak/Ibu sudah terbit di SIMBG. SLF untuk "
        "bangunan bukan rumah tinggal berlaku 5 tahun; perpanjangannya diajukan paling lambat 60 hari sebelum "
        "masa berlaku habis.",
        third_party="Berkas SLF sudah lengkap dan kini menunggu jadwal verifikasi lapangan bersama Dinas Pekerjaan "
        "Umum. Kami kabari jadwalnya.",
        third_party_note="Jadwal verifikasi lapangan diajukan ke DPUPKP, menunggu konfirmasi tim.",
        ask="Mohon unggah laporan pemeriksaan kelaikan fungsi dari pengkaji teknis bersertifikat di SIMBG, lalu balas "
        "pesan ini.",
        customer_answer="Laporan dari pengkaji teknis sudah kami unggah ke SIMBG kemarin.",
    ),
    Scenario(
        key="retribusi",
        unit=PBG,
        kind=RequestKind.INFORMATION,
        channels=(W, P, E),
        category="Biaya retribusi",
        items=(
            Item(
                "Perkiraan retribusi PBG rumah {luas} m²",
                "Berapa kira-kira retribusi PBG untuk rumah tinggal {lantai} lantai seluas {luas} m² di "
                "Kec. {kecamatan}? Saya perlu menyiapkan dana.",
            ),
        ),
        answer="Retribusi PBG dihitung di SIMBG dari luas lantai, indeks lokalitas, fungsi dan kompleksitas bangunan "
        "sesuai Perda Kabupaten Sleman tentang Pajak Daerah dan Retribusi Daerah. Untuk rumah tinggal {luas} m², "
        "perkiraannya sekitar Rp{retribusi}. Nilai pastinya tercantum pada SKRD setelah dokumen teknis disetujui; "
        "pembayaran hanya melalui bank yang ditunjuk, tidak kepada petugas.",
    ),
    Scenario(
        key="status-pbg",
        unit=PBG,
        kind=RequestKind.INFORMATION,
        channels=(W, E, P),
        category="Pengajuan PBG",
        weight=2,
        items=(
            Item(
                "Menanyakan status PBG nomor {nomor_pbg}",
                "Saya mengajukan PBG dengan nomor registrasi {nomor_pbg} sekitar {minggu} minggu lalu. Di SIMBG "
                "statusnya masih 'Verifikasi Kelengkapan'. Apakah ada dokumen yang kurang?",
            ),
        ),
        answer="Dokumen revisi sudah kami terima dan berkas kini masuk tahap penilaian Tim Penilai Teknis. Jadwal "
        "sidang TPT minggu depan; Bapak/Ibu akan mendapat notifikasi dari SIMBG.",
        ask="Setelah kami periksa, gambar denah belum mencantumkan ukuran dan skala. Mohon unggah ulang gambar denah "
        "dan tampak yang sudah bertanda tangan penyedia jasa di SIMBG, lalu balas pesan ini.",
        customer_answer="Gambar denah dan tampak yang sudah direvisi sudah saya unggah ulang kemarin sore.",
        notes=("Berkas {nomor_pbg}: kurang skala pada denah, tampak tidak bertanda tangan.",),
    ),
    Scenario(
        key="krk",
        unit=PBG,
        kind=RequestKind.INFORMATION,
        channels=(W, E, K),
        category="Pengajuan PBG",
        items=(
            Item(
                "Kesesuaian tata ruang tanah di {kalurahan}",
                "Saya akan membeli tanah di {kalurahan}, Kec. {kecamatan}, dan ingin memastikan boleh dibangun rumah "
                "atau kos-kosan. Bagaimana caranya dan berapa lama?",
            ),
        ),
        answer="Kesesuaian tata ruang dapat dicek awal melalui GISTARU; kepastiannya melalui KKPR yang diajukan lewat "
        "OSS dengan koordinat lokasi. Sebagian wilayah Kec. {kecamatan} termasuk lahan pertanian pangan "
        "berkelanjutan yang tidak dapat dibangun, jadi mohon dicek sebelum transaksi. Bila berkenan, kirim titik "
        "koordinat bidang tanah agar kami bantu periksa.",
    ),
    Scenario(
        key="pbg-lambat",
        unit=PBG,
        kind=RequestKind.COMPLAINT,
        channels=(W, E, K, LETTER),
        category="Waktu layanan",
        weight=2,
        raise_priority=0.4,
        items=(
            Item(
                "PBG belum terbit lebih dari {hari} hari kerja",
                "Pengajuan PBG saya sudah lengkap dan retribusi sudah dibayar sejak {minggu} minggu lalu, tetapi PBG "
                "belum juga terbit. Padahal menurut standar pelayanan paling lama 28 hari kerja. Pembangunan rumah "
                "tertunda dan tukang sudah menunggu.",
            ),
        ),
        answer="PBG Bapak/Ibu sudah terbit dan dapat diunduh di SIMBG. Mohon maaf atas keterlambatannya; kendala "
        "tanda tangan elektronik sudah teratasi.",
        third_party="Mohon maaf atas keterlambatan. Berkas Bapak/Ibu sudah disetujui Tim Penilai Teknis dan kini "
        "menunggu penandatanganan elektronik oleh pejabat berwenang. Kami pantau setiap hari.",
        third_party_note="TTE tertunda: sertifikat elektronik pejabat habis masa berlaku, sedang diperpanjang ke BSrE.",
        notes=("Riwayat SIMBG: retribusi lunas, TPT setuju, belum TTE.",),
        incident_place="Loket PBG, MPP Lantai 2",
        remedy="Segera terbitkan PBG atau beri penjelasan tertulis.",
        reopen="PBG yang bisa diunduh ternyata masih atas nama pemilik lama tanah. Mohon diperbaiki.",
        after_reopen="Nama pemilik pada PBG sudah diperbaiki sesuai sertifikat terbaru dan dokumen baru sudah "
        "tersedia di SIMBG. Mohon maaf atas kekeliruan ini.",
    ),
    Scenario(
        key="revisi-berulang",
        unit=PBG,
        kind=RequestKind.COMPLAINT,
        channels=(W, E),
        category="Persyaratan teknis",
        items=(
            Item(
                "Gambar PBG diminta revisi berulang kali",
                "Sudah {kali} kali gambar saya diminta revisi oleh TPT, dan setiap kali catatannya berbeda dan tidak "
                "disampaikan sekaligus. Konsultan saya harus bolak-balik mengubah gambar. Mohon catatan revisi "
                "disampaikan lengkap dalam satu kali.",
            ),
        ),
        answer="Terima kasih atas masukannya. Catatan revisi dari semua anggota TPT kini kami rangkum menjadi satu "
        "daftar per sidang. Untuk berkas Bapak/Ibu, daftar lengkap sudah kami unggah di SIMBG dan konsultan dapat "
        "berdiskusi langsung dengan TPT pada jadwal konsultasi hari Kamis.",
        notes=(
            "Dicek riwayat di SIMBG: {kali} kali revisi, catatan dari anggota TPT yang berbeda.",
            "Disepakati dengan koordinator TPT: catatan dirangkum satu kali per sidang.",
        ),
        remedy="Catatan revisi lengkap sekaligus dan jadwal konsultasi langsung dengan TPT.",
    ),
    Scenario(
        key="bangunan-tanpa-pbg",
        unit=PBG,
        kind=RequestKind.COMPLAINT,
        channels=(W, K, LETTER),
        category="Pengawasan bangunan",
        priority=Priority.HIGH,
        confidential=0.6,
        items=(
            Item(
                "Bangunan tanpa PBG menutup saluran air",
                "Tetangga saya di {jalan}, {kalurahan} sedang membangun {bangunan} tanpa papan PBG. Bangunannya "
                "menutup saluran air sehingga halaman saya tergenang setiap hujan. Mohon dicek. Saya tidak ingin nama "
                "saya disebutkan.",
            ),
        ),
        answer="Tim gabungan sudah melakukan pengecekan lapangan. Pemilik bangunan belum memiliki PBG dan sudah "
        "diberi surat peringatan untuk menghentikan pembangunan serta membuka kembali saluran air sampai PBG "
        "diurus. Identitas pelapor tidak kami sampaikan kepada siapa pun.",
        third_party="Laporan Bapak/Ibu sudah kami teruskan ke Satpol PP dan Dinas Pekerjaan Umum, Perumahan dan "
        "Kawasan Permukiman untuk pengecekan lapangan. Identitas pelapor tidak kami sampaikan.",
        third_party_note="Surat permohonan penertiban ke Satpol PP dikirim, nomor 503/{nomor_balasan}/DPMPTSP/$tahun.",
        notes=(
            "Dicek di SIMBG: tidak ada permohonan PBG untuk alamat tersebut.",
            "Hasil cek lapangan bersama Satpol PP: bangunan dihentikan, saluran dibuka kembali.",
        ),
        incident_place="{jalan}, {kalurahan}, Kec. {kecamatan}",
        remedy="Pengecekan lapangan dan penertiban bangunan.",
    ),
    Scenario(
        key="retribusi-mahal",
        unit=PBG,
        kind=RequestKind.COMPLAINT,
        channels=(W, E, K),
        category="Biaya retribusi",
        items=(
            Item(
                "Retribusi PBG jauh lebih mahal dari perkiraan",
                "SKRD retribusi PBG saya Rp{retribusi_tinggi}, padahal saat konsultasi disebut sekitar Rp{retribusi}. "
                "Mohon penjelasan perhitungannya; saya merasa ada yang keliru.",
            ),
        ),
        answer="Kami sudah memeriksa ulang perhitungannya. Selisih berasal dari teras dan carport yang dihitung "
        "sebagai luas lantai sesuai gambar yang diunggah. Rincian perhitungan kami lampirkan di SIMBG. Bila luas "
        "pada gambar tidak sesuai rencana, Bapak/Ibu dapat mengajukan revisi gambar sebelum membayar SKRD.",
        ask="Mohon kirimkan foto SKRD dan nomor registrasi PBG agar dapat kami periksa.",
        customer_answer="Nomor registrasinya {nomor_pbg}; foto SKRD saya kirim juga lewat WhatsApp layanan.",
        remedy="Perhitungan ulang retribusi.",
    ),
    Scenario(
        key="konsultasi-teknis",
        unit=PBG,
        kind=RequestKind.APPOINTMENT,
        channels=(W, P, K),
        category="Pengajuan PBG",
        weight=2,
        appointment_place="Ruang Konsultasi PBG",
        items=(
            Item(
                "Konsultasi teknis gambar PBG",
                "Saya ingin berkonsultasi langsung dengan petugas teknis tentang gambar struktur rumah {lantai} lantai "
                "sebelum mengunggah ke SIMBG. Mohon dijadwalkan.",
            ),
            Item(
                "Jadwal konsultasi PBG perumahan {perumahan}",
                "Kami pengembang perumahan {perumahan} ({unit_rumah} unit) ingin menjadwalkan konsultasi PBG kolektif "
                "dan site plan.",
            ),
        ),
        answer="Jadwal konsultasi Bapak/Ibu: $jadwal di Ruang Konsultasi PBG, MPP Lantai 2. Mohon membawa gambar "
        "rencana (cetak atau di laptop) dan salinan sertifikat tanah.",
        notes=("Konsultasi sudah dilaksanakan; gambar perlu penyesuaian sempadan sebelum diunggah.",),
    ),
    Scenario(
        key="surat-pbg",
        unit=PBG,
        kind=RequestKind.LETTER,
        channels=(LETTER,),
        category="Pengajuan PBG",
        priority=Priority.HIGH,
        weight=1.5,
        letter=LetterTemplate(
            senders=(
                ("PT Griya Sembada Lestari", "{nomor}/GSL/$bulan/$tahun"),
                ("Asosiasi Pengembang Perumahan DIY", "{nomor}/APP-DIY/$bulan/$tahun"),
            ),
        ),
        items=(
            Item(
                "Permohonan sosialisasi PBG bagi warga",
                "Surat nomor $nomor_surat tanggal $tanggal_surat: mohon DPMPTSP memberikan sosialisasi tata cara PBG "
                "dan SLF bagi warga dan perangkat kalurahan.",
                sender=("Pemerintah Kalurahan {kalurahan}", "600/{nomor}/Kal/$tahun"),
            ),
            Item(
                "Permohonan percepatan PBG perumahan {perumahan}",
                "Surat nomor $nomor_surat tanggal $tanggal_surat: pengembang memohon percepatan penilaian PBG untuk "
                "{unit_rumah} unit rumah di perumahan {perumahan} karena terkait jadwal akad KPR.",
            ),
        ),
        answer="Surat balasan nomor 503/{nomor_balasan}/DPMPTSP/$tahun sudah kami kirimkan beserta jadwal yang "
        "disepakati.",
        notes=("Disposisi Kabid: koordinasikan dengan TPT untuk jadwal.", "Draf balasan sudah disetujui Kabid."),
    ),
    Scenario(
        key="saran-pbg",
        unit=PBG,
        kind=RequestKind.SUGGESTION,
        channels=(BOX, CARD, W),
        category="Pengajuan PBG",
        anonymous=0.35,
        items=(
            Item(
                "Mohon disediakan contoh gambar prototipe rumah",
                "Saran: sediakan contoh gambar prototipe rumah tipe 36 dan 45 yang bisa langsung diunduh, agar warga "
                "tidak perlu menyewa drafter untuk rumah sederhana.",
            ),
            Item(
                "Konsultasi TPT secara daring",
                "Mohon konsultasi dengan Tim Penilai Teknis bisa lewat video call, karena konsultan kami di luar kota.",
            ),
            Item(
                "Papan informasi alur PBG di lantai 2 kurang jelas",
                "Alur PBG di papan informasi lantai 2 tulisannya kecil dan sudah pudar. Mohon diperbarui.",
            ),
        ),
        answer="Terima kasih atas sarannya. Usulan Bapak/Ibu kami bahas dalam rapat evaluasi layanan PBG dan akan "
        "kami tindak lanjuti.",
        notes=("Diteruskan ke Kabid PBG untuk rapat evaluasi.",),
    ),
    Scenario(
        key="pujian-pbg",
        unit=PBG,
        kind=RequestKind.COMPLIMENT,
        channels=(CARD, W),
        items=(
            Item(
                "PBG terbit lebih cepat dari perkiraan",
                "Terima kasih, PBG rumah saya terbit dalam {hari} hari kerja. {petugas} sangat membantu menjelaskan "
                "revisi gambar.",
            ),
        ),
        answer="Terima kasih atas apresiasinya. Pesan Bapak/Ibu sudah kami sampaikan kepada {petugas} dan tim PBG.",
        notes=("Apresiasi dicatat untuk penilaian kinerja bulanan.",),
    ),
)

# --- Informasi dan Pengaduan ----------------------------------------------------------------------

INFORMASI_SCENARIOS = (
    Scenario(
        key="jam-layanan",
        unit=INFORMASI,
        kind=RequestKind.INFORMATION,
        channels=(W, P, E),
        category="Informasi perizinan",
        weight=2,
        items=(
            Item(
                "Apakah MPP buka hari Sabtu?",
                "Saya bekerja Senin sampai Jumat. Apakah Mal Pelayanan Publik Sleman buka hari Sabtu untuk mengurus "
                "izin?",
                answer="Layanan perizinan di MPP buka Senin-Jumat pukul 08.00-15.00. Pada hari Sabtu MPP tutup, tetapi "
                "sebagian besar izin (NIB, PBG) dapat diajukan daring kapan saja melalui OSS dan SIMBG. Bila perlu "
                "tatap muka, Bapak/Ibu dapat mengajukan janji temu lebih awal pukul 08.00.",
            ),
            Item(
                "Layanan apa saja yang ada di MPP Sleman?",
                "Selain perizinan, layanan apa saja yang tersedia di Mal Pelayanan Publik Sleman? Saya ingin "
                "sekalian mengurus beberapa keperluan.",
                answer="Selain perizinan DPMPTSP, di MPP Sleman tersedia layanan kependudukan, pajak daerah, BPJS, "
                "samsat, dan beberapa bank. Daftar lengkap dan jam layanannya ada di papan informasi lobi dan di "
                "laman MPP.",
            ),
        ),
        answer="",
    ),
    Scenario(
        key="izin-reklame",
        unit=INFORMASI,
        kind=RequestKind.INFORMATION,
        channels=(W, K, P),
        category="Informasi perizinan",
        items=(
            Item(
                "Syarat izin papan nama usaha",
                "Saya akan memasang papan nama di depan toko saya di {jalan}. Apakah perlu izin reklame, dan apa "
                "syaratnya?",
            ),
        ),
        answer="Papan nama di lokasi usaha sendiri cukup didaftarkan sebagai objek pajak reklame di Badan Keuangan "
        "dan Aset Daerah; izin penyelenggaraan reklame diperlukan untuk reklame di luar lokasi usaha atau berukuran "
        "besar. Bila ukuran papan lebih dari 1 m², mohon sampaikan ukurannya agar kami bantu cek.",
    ),
    Scenario(
        key="bukan-kewenangan",
        unit=INFORMASI,
        kind=RequestKind.INFORMATION,
        channels=(W, P, K),
        category="Informasi perizinan",
        items=(
            Item(
                "Izin keramaian untuk acara pernikahan",
                "Bagaimana cara mengurus izin keramaian untuk resepsi pernikahan di rumah? Apakah di DPMPTSP?",
                answer="Izin keramaian bukan kewenangan DPMPTSP. Permohonannya diajukan ke Polsek setempat dengan "
                "surat pengantar dari kalurahan, paling lambat 7 hari sebelum acara.",
            ),
            Item(
                "Mengurus sertifikat tanah warisan",
                "Saya ingin balik nama sertifikat tanah warisan orang tua. Apakah bisa diurus di MPP?",
                answer="Balik nama sertifikat tanah adalah kewenangan Kantor Pertanahan (BPN) Kabupaten Sleman. Di MPP "
                "tersedia loket BPN untuk konsultasi awal; pengurusannya dilakukan di Kantor Pertanahan.",
            ),
        ),
        answer="",
    ),
    Scenario(
        key="status-berkas",
        unit=INFORMASI,
        kind=RequestKind.INFORMATION,
        channels=(W, E, P),
        category="Informasi perizinan",
        weight=1.5,
        transfer_to=PBG,
        transfer_reason="Pertanyaan tentang berkas PBG; ditangani unit Perizinan Bangunan.",
        items=(
            Item(
                "Cek status berkas PBG {nomor_pbg}",
                "Mohon informasi posisi berkas PBG saya dengan nomor registrasi {nomor_pbg}. Sudah {minggu} minggu "
                "belum ada kabar.",
            ),
        ),
        answer="Berkas {nomor_pbg} sudah dinilai Tim Penilai Teknis dan saat ini menunggu pembayaran retribusi. SKRD "
        "sudah dapat diunduh di SIMBG; setelah dibayar, PBG terbit paling lama 3 hari kerja.",
        notes=("Dicek di SIMBG: SKRD terbit, belum dibayar.",),
    ),
    Scenario(
        key="antrean",
        unit=INFORMASI,
        kind=RequestKind.COMPLAINT,
        channels=(W, BOX, CARD, K),
        category="Pengaduan layanan",
        weight=2,
        items=(
            Item(
                "Antrean di MPP sangat lama",
                "Pada hari {hari_kejadian} saya datang pukul 08.00 dan mendapat nomor antrean {antrean}, tetapi baru "
                "dilayani pukul {jam_selesai}. Hanya dua loket yang buka padahal pengunjung banyak.",
            ),
        ),
        answer="Terima kasih atas laporannya. Pada hari tersebut dua petugas sedang mengikuti pelatihan. Mulai bulan "
        "ini kami menerapkan jadwal piket agar minimal empat loket buka pukul 08.00-12.00, dan antrean daring "
        "melalui laman MPP sedang kami uji coba.",
        notes=("Data antrean hari itu: 212 pengunjung, rata-rata tunggu 2 jam 10 menit.",),
        incident_place="Ruang tunggu Mal Pelayanan Publik, Lantai 1",
        remedy="Tambah loket yang buka saat jam sibuk.",
    ),
    Scenario(
        key="telepon",
        unit=INFORMASI,
        kind=RequestKind.COMPLAINT,
        channels=(W, E),
        category="Pengaduan layanan",
        items=(
            Item(
                "Telepon kantor tidak pernah diangkat",
                "Sudah tiga hari saya menelepon (0274) 868100 pada jam kerja tetapi tidak pernah diangkat. Saya hanya "
                "ingin menanyakan berkas saya.",
            ),
        ),
        answer="Mohon maaf. Saluran telepon utama sempat terganggu karena kerusakan kabel yang kini sudah diperbaiki. "
        "Selain telepon, Bapak/Ibu dapat menghubungi kami melalui formulir daring ini atau e-mail "
        "pengaduan@sleman.prima.test.",
        notes=("Dicek ke bagian umum: gangguan kabel PABX tiga hari, sudah diperbaiki.",),
    ),
    Scenario(
        key="pungli",
        unit=INFORMASI,
        kind=RequestKind.COMPLAINT,
        channels=(W, E, K),
        category="Pungutan liar",
        priority=Priority.URGENT,
        confidential=0.85,
        collaborator_units=(USAHA,),
        items=(
            Item(
                "Ditawari jasa percepatan izin dengan bayaran",
                "Di area parkir MPP saya didekati seseorang yang mengaku bisa mempercepat {izin} dengan membayar "
                "Rp{pungli}. Ia tahu nama saya dan jenis izin yang saya ajukan. Saya khawatir ini melibatkan orang "
                "dalam.",
            ),
        ),
        answer="Terima kasih atas keberanian Bapak/Ibu melapor. Seluruh layanan perizinan di DPMPTSP tidak dipungut "
        "biaya selain retribusi resmi yang dibayar melalui bank. Laporan ini sudah kami tindak lanjuti bersama "
        "Inspektorat, dan identitas Bapak/Ibu kami rahasiakan.",
        third_party="Laporan sedang ditangani bersama Inspektorat Kabupaten Sleman. Kami akan mengabari hasilnya; "
        "identitas Bapak/Ibu tetap kami rahasiakan.",
        third_party_note="Rekaman CCTV parkir diminta ke bagian umum; Inspektorat sudah menerima laporan.",
        notes=(
            "Koordinasi dengan Kabid dan Inspektorat; rekaman CCTV {cctv_hari} hari terakhir diamankan.",
            "Identitas pelapor hanya diketahui koordinator; jangan diteruskan ke unit lain.",
        ),
        incident_place="Area parkir Mal Pelayanan Publik Sleman",
        remedy="Penindakan oknum dan jaminan kerahasiaan pelapor.",
    ),
    Scenario(
        key="sikap-satpam",
        unit=INFORMASI,
        kind=RequestKind.COMPLAINT,
        channels=(W, BOX, K),
        category="Sikap petugas",
        confidential=0.2,
        items=(
            Item(
                "Petugas keamanan membentak pengunjung",
                "Pada hari {hari_kejadian} pukul {jam} saya melihat petugas keamanan di pintu masuk membentak seorang "
                "ibu yang salah mengambil nomor antrean. Mohon petugas diberi pembinaan.",
            ),
        ),
        answer="Terima kasih atas laporannya. Petugas keamanan yang bertugas pada hari itu sudah kami tegur melalui "
        "penyedia jasa keamanan dan diwajibkan mengikuti pelatihan pelayanan.",
        notes=("Sudah dikonfirmasi ke penyedia jasa keamanan; petugas dipindah ke pos parkir.",),
        incident_place="Pintu masuk Mal Pelayanan Publik",
        remedy="Pembinaan petugas keamanan.",
    ),
    Scenario(
        key="fasilitas",
        unit=INFORMASI,
        kind=RequestKind.COMPLAINT,
        channels=(BOX, CARD, W),
        category="Sarana dan prasarana",
        anonymous=0.3,
        weight=1.5,
        items=(
            Item(
                "AC ruang tunggu mati, ruangan panas",
                "Sudah seminggu AC di ruang tunggu lantai 1 mati. Ruangan sangat panas, apalagi saat antrean ramai.",
                answer="Terima kasih atas laporannya. Dua unit AC di ruang tunggu lantai 1 sudah diperbaiki dan "
                "jadwal perawatan rutin kini setiap bulan.",
            ),
            Item(
                "Lift ke lantai 2 sering mati",
                "Lift ke lantai 2 sering tidak berfungsi. Ibu saya yang memakai tongkat harus naik tangga untuk ke "
                "loket PBG.",
                answer="Mohon maaf atas ketidaknyamanannya. Lift sudah diperbaiki teknisi, dan selama perbaikan "
                "petugas PBG dapat melayani di loket lantai 1 bagi pemohon lansia dan disabilitas.",
            ),
            Item(
                "Toilet MPP kotor dan air tidak mengalir",
                "Toilet di lantai 1 kotor dan airnya tidak mengalir sejak pagi.",
                answer="Terima kasih. Pompa air sudah diperbaiki dan jadwal kebersihan toilet kini diawasi setiap dua "
                "jam.",
            ),
        ),
        answer="",
        notes=("Diteruskan ke Subbagian Umum untuk perbaikan.",),
        incident_place="Mal Pelayanan Publik Sleman",
    ),
    Scenario(
        key="loket-terlambat",
        unit=INFORMASI,
        kind=RequestKind.COMPLAINT,
        channels=(W, BOX),
        category="Sikap petugas",
        anonymous=1.0,
        items=(
            Item(
                "Loket sering baru buka pukul 09.00",
                "Beberapa kali saya lihat loket baru dibuka sekitar pukul 09.00 walaupun jadwalnya pukul 08.00. "
                "Petugas masih sarapan di kantin.",
            ),
        ),
        answer="Terima kasih atas laporannya. Kami sudah memeriksa daftar hadir dan rekaman CCTV loket; jadwal buka "
        "loket kini diawasi langsung oleh koordinator setiap pagi.",
        notes=("Dicek absensi dan CCTV loket dua minggu terakhir: 4 kali loket buka di atas pukul 08.15.",),
        incident_place="Loket Mal Pelayanan Publik, Lantai 1",
    ),
    Scenario(
        key="surat-ombudsman",
        unit=INFORMASI,
        kind=RequestKind.LETTER,
        channels=(LETTER,),
        category="Surat masuk",
        priority=Priority.HIGH,
        collaborator_units=(PBG,),
        letter=LetterTemplate(
            senders=(("Ombudsman RI Perwakilan Daerah Istimewa Yogyakarta", "B/{nomor}/ORI-DIY/$bulan/$tahun"),),
        ),
        items=(
            Item(
                "Permintaan klarifikasi Ombudsman atas laporan layanan PBG",
                "Surat nomor $nomor_surat tanggal $tanggal_surat: Ombudsman meminta klarifikasi tertulis atas laporan "
                "masyarakat mengenai penundaan berlarut penerbitan PBG, paling lambat 14 hari sejak surat diterima.",
            ),
        ),
        answer="Klarifikasi tertulis telah kami kirim dengan surat nomor 503/{nomor_balasan}/DPMPTSP/$tahun, "
        "dilampiri kronologi berkas.",
        notes=("Kronologi berkas diminta dari unit PBG.", "Draf klarifikasi sudah direviu Kepala Dinas."),
    ),
    Scenario(
        key="surat-dprd",
        unit=INFORMASI,
        kind=RequestKind.LETTER,
        channels=(LETTER, E),
        category="Surat masuk",
        weight=1.5,
        letter=LetterTemplate(
            senders=(("DPRD Kabupaten Sleman", "005/{nomor}/DPRD/$tahun"),),
            due_days=7,
        ),
        items=(
            Item(
                "Undangan rapat dengar pendapat tentang layanan perizinan",
                "Surat nomor $nomor_surat tanggal $tanggal_surat: undangan rapat dengar pendapat mengenai capaian dan "
                "kendala layanan perizinan, dengan permintaan bahan paparan.",
            ),
            Item(
                "Permohonan sosialisasi perizinan UMKM",
                "Surat nomor $nomor_surat tanggal $tanggal_surat: mohon narasumber sosialisasi NIB dan P-IRT bagi "
                "pelaku UMKM di {kalurahan}.",
                sender=("Pemerintah Kalurahan {kalurahan}", "400/{nomor}/Kal/$tahun"),
            ),
        ),
        answer="Kami mengonfirmasi kehadiran dan bahan yang diminta dengan surat nomor "
        "503/{nomor_balasan}/DPMPTSP/$tahun.",
        notes=("Bahan paparan disiapkan bersama Perizinan Usaha.",),
    ),
    Scenario(
        key="saran-informasi",
        unit=INFORMASI,
        kind=RequestKind.SUGGESTION,
        channels=(BOX, CARD, W, BOX),
        category="Saran",
        weight=2,
        anonymous=0.45,
        items=(
            Item(
                "Usul antrean online",
                "Mohon dibuat antrean online agar kami tidak perlu datang pagi-pagi hanya untuk mengambil nomor.",
            ),
            Item(
                "Sediakan kursi roda dan jalur landai",
                "Di pintu samping belum ada jalur landai. Mohon juga disediakan kursi roda di lobi.",
            ),
            Item(
                "Perpanjang jam layanan sampai sore",
                "Loket tutup pukul 15.00, padahal banyak pekerja baru bisa datang sore. Usul: buka sampai 17.00 "
                "minimal dua hari seminggu.",
            ),
            Item("Tambah petunjuk arah loket", "Petunjuk arah ke loket PBG di lantai 2 sulit ditemukan."),
            Item("Sediakan ruang laktasi", "Mohon disediakan ruang laktasi untuk ibu menyusui di MPP."),
        ),
        answer="Terima kasih atas sarannya. Usulan Bapak/Ibu sudah kami catat dan kami bahas dalam rapat evaluasi "
        "layanan bulanan bersama pengelola MPP.",
        notes=("Dimasukkan ke rekap saran bulanan untuk rapat evaluasi.",),
    ),
    Scenario(
        key="pujian-informasi",
        unit=INFORMASI,
        kind=RequestKind.COMPLIMENT,
        channels=(CARD, BOX, W),
        weight=1.5,
        anonymous=0.3,
        items=(
            Item(
                "Pelayanan MPP cepat dan nyaman",
                "Saya datang pukul 09.00 dan pukul 09.40 urusan sudah selesai. Ruang tunggu bersih dan nyaman. "
                "Pertahankan!",
            ),
            Item(
                "Terima kasih kepada petugas informasi",
                "{petugas} di meja informasi sangat membantu menjelaskan alur perizinan dengan sabar.",
            ),
        ),
        answer="Terima kasih atas apresiasinya. Pesan Bapak/Ibu sudah kami sampaikan kepada seluruh petugas.",
        notes=("Dibacakan di apel pagi.",),
    ),
)

# --- CV Sumber Rejeki Makmur ----------------------------------------------------------------------

COMPANY_SCENARIOS = (
    Scenario(
        key="kemasan-rusak",
        unit=LAYANAN,
        kind=RequestKind.COMPLAINT,
        channels=(P, E, W),
        category="Kualitas barang",
        weight=2,
        raise_priority=0.3,
        items=(
            Item(
                "Kemasan gula pasir bocor saat diterima",
                "Dari pengiriman kemarin, {jumlah} bal gula pasir 1 kg kemasannya sobek dan sebagian gula basah. "
                "Mohon diganti.",
            ),
            Item(
                "Beras premium berkutu",
                "{jumlah} karung beras premium 5 kg dari kiriman terakhir ada kutunya. Pelanggan kami komplain.",
            ),
        ),
        answer="Mohon maaf atas kejadian ini. Penggantian {jumlah} bal/karung sudah kami kirim bersama pengiriman "
        "berikutnya, dan bagian gudang sudah kami minta memeriksa kondisi barang sebelum dimuat.",
        notes=("Dicek di gudang: tumpukan terlalu tinggi di truk, kemasan bawah sobek.",),
        incident_place="Toko pelanggan, saat bongkar muat",
        remedy="Penggantian barang rusak.",
    ),
    Scenario(
        key="pengiriman-terlambat",
        unit=LAYANAN,
        kind=RequestKind.COMPLAINT,
        channels=(P, W),
        category="Pengiriman",
        items=(
            Item(
                "Pengiriman terlambat dua hari",
                "Pesanan kami dijanjikan tiba hari {hari_kejadian}, tetapi baru datang dua hari kemudian tanpa kabar. "
                "Stok di toko sempat kosong.",
            ),
        ),
        answer="Mohon maaf atas keterlambatan dan tidak adanya kabar. Truk kami tertahan perbaikan jalan di Jl. "
        "Perintis Kemerdekaan. Ke depan admin akan mengabari lewat WhatsApp bila jadwal bergeser.",
        notes=("Sopir konfirmasi: truk tertahan perbaikan jalan; admin lupa menghubungi pelanggan.",),
        remedy="Kabari bila pengiriman terlambat.",
    ),
    Scenario(
        key="daftar-harga",
        unit=LAYANAN,
        kind=RequestKind.INFORMATION,
        channels=(P, E, W),
        category="Harga",
        weight=1.5,
        items=(
            Item(
                "Minta daftar harga terbaru beras dan minyak",
                "Mohon dikirim daftar harga terbaru beras premium, beras medium dan minyak goreng untuk pembelian "
                "partai.",
            ),
        ),
        answer="Daftar harga terbaru kami lampirkan dalam balasan e-mail terpisah. Untuk pembelian di atas 100 karung "
        "berlaku potongan 2%; harga berlaku sampai akhir bulan.",
    ),
    Scenario(
        key="pembayaran-tempo",
        unit=LAYANAN,
        kind=RequestKind.INFORMATION,
        channels=(P, W),
        category="Pembayaran",
        items=(
            Item(
                "Pembayaran tempo untuk pelanggan baru",
                "Apakah pelanggan baru bisa mendapat pembayaran tempo 30 hari? Apa syaratnya?",
            ),
        ),
        answer="Pembayaran tempo 30 hari berlaku setelah tiga kali transaksi tunai, dengan melampirkan fotokopi KTP "
        "pemilik dan NIB toko.",
    ),
    Scenario(
        key="saran-perusahaan",
        unit=LAYANAN,
        kind=RequestKind.SUGGESTION,
        channels=(P, W, CARD),
        category="Pesanan",
        items=(
            Item(
                "Usul pemesanan lewat katalog WhatsApp",
                "Mohon dibuat katalog di WhatsApp Business supaya kami bisa pesan langsung tanpa menelepon.",
            ),
        ),
        answer="Terima kasih atas usulannya. Katalog WhatsApp Business sedang kami siapkan dan akan kami umumkan "
        "bulan depan.",
    ),
    Scenario(
        key="pujian-perusahaan",
        unit=LAYANAN,
        kind=RequestKind.COMPLIMENT,
        channels=(P, W, CARD),
        items=(
            Item(
                "Terima kasih, pengiriman selalu tepat waktu",
                "Terima kasih kepada tim pengiriman, barang selalu datang tepat waktu dan {petugas} cepat membalas.",
            ),
        ),
        answer="Terima kasih atas kepercayaannya. Salam dari seluruh tim CV Sumber Rejeki Makmur.",
    ),
)

SCENARIOS = (*USAHA_SCENARIOS, *PBG_SCENARIOS, *INFORMASI_SCENARIOS, *COMPANY_SCENARIOS)
SCENARIOS_BY_KEY = {scenario.key: scenario for scenario in SCENARIOS}

# --- Orders (Skenario 2: the order, stock that does not cover it, a promised date kept or moved) ----------

# (item, unit of measure, smallest and largest usual quantity, step)
ORDER_ITEMS = (
    ("Beras premium 5 kg", "karung", 50, 300, 10),
    ("Beras medium 25 kg", "karung", 20, 120, 5),
    ("Gula pasir 1 kg", "bal", 10, 60, 5),
    ("Gula pasir 50 kg", "karung", 5, 40, 5),
    ("Minyak goreng 2 L", "dus", 20, 150, 10),
    ("Minyak goreng 1 L pouch", "dus", 20, 150, 10),
    ("Tepung terigu 1 kg", "dus", 10, 80, 5),
    ("Mi instan goreng", "dus", 20, 200, 10),
    ("Telur ayam ras", "rak", 20, 100, 10),
)
SHORTAGE_REASONS = {
    "Beras": "Kiriman beras dari penggilingan di Sidrap terlambat karena jalan poros tertutup banjir.",
    "Gula": "Kapal pengangkut gula dari Surabaya tertunda cuaca buruk di Selat Makassar.",
    "Minyak": "Jatah minyak goreng dari distributor utama dikurangi bulan ini.",
    "Tepung": "Pabrik tepung di Makassar sedang perawatan mesin.",
    "Mi": "Truk dari gudang distributor di Maros sedang diperbaiki.",
    "Telur": "Pasokan telur dari peternak di Sidrap berkurang karena cuaca panas.",
}
PAYMENT_TERMS = ("tunai saat barang diterima", "tempo 30 hari seperti biasa", "transfer setelah barang diterima")
ORDER_LETTER_SENDERS = ("PT Losari Pangan Distribusi", "CV Pinisi Niaga", "PT Distributor Pangan Celebes")

# --- What every unit says -------------------------------------------------------------------------

GREETING = {"id": "Yth. {nama},", "en": "Dear {nama},"}
SIGN_OFF = {"id": "Salam,\n{staf}\n{unit}", "en": "Kind regards,\n{staf}\n{unit}"}
ANONYMOUS_GREETING = "Yth. Pelapor,"

ACKNOWLEDGEMENTS = {
    USAHA: "Permintaan Bapak/Ibu sudah kami terima dan sedang kami periksa. Kami kabari paling lambat 3 hari kerja.",
    PBG: "Permintaan Bapak/Ibu sudah kami terima dan sedang kami periksa bersama tim teknis.",
    INFORMASI: "Laporan Bapak/Ibu sudah kami terima dan sedang kami tindak lanjuti.",
    LAYANAN: "Pesan Bapak/Ibu sudah kami terima dan sedang kami proses.",
}
GENERIC_ASKS = {  # (question, the requester's answer)
    USAHA: (
        "Mohon kirimkan nomor NIB dan tangkapan layar pesan yang muncul di OSS agar dapat kami periksa.",
        "NIB saya {nib}. Tangkapan layarnya saya kirim lewat WhatsApp layanan.",
    ),
    PBG: (
        "Mohon kirimkan nomor registrasi SIMBG Bapak/Ibu agar dapat kami periksa.",
        "Nomor registrasinya {nomor_pbg}.",
    ),
    INFORMASI: (
        "Mohon informasikan hari dan jam kejadian serta loket yang dimaksud agar dapat kami telusuri.",
        "Kejadiannya hari {hari_kejadian} sekitar pukul {jam}, di loket {loket}.",
    ),
    LAYANAN: (
        "Mohon kirimkan nomor surat jalan dan foto barangnya agar dapat kami periksa.",
        "Nomor surat jalannya SJ-{nomor}, fotonya sudah saya kirim lewat WhatsApp.",
    ),
}
GENERIC_THIRD_PARTY = {
    USAHA: "Permintaan Bapak/Ibu sudah kami teruskan ke dinas teknis terkait. Kami kabari begitu ada jawaban.",
    PBG: "Berkas Bapak/Ibu sedang menunggu penilaian Tim Penilai Teknis. Kami kabari begitu ada hasil.",
    INFORMASI: "Laporan Bapak/Ibu sudah kami teruskan ke bagian terkait untuk ditindaklanjuti. Kami kabari hasilnya.",
    LAYANAN: "Kami sedang menunggu konfirmasi dari gudang dan pemasok. Kami kabari secepatnya.",
}
GENERIC_NOTES = {
    USAHA: ("Sudah dicek di OSS.", "Pemohon sudah dihubungi lewat telepon untuk konfirmasi."),
    PBG: ("Sudah dicek di SIMBG.", "Koordinasi dengan koordinator TPT."),
    INFORMASI: ("Sudah dikonfirmasi ke unit terkait.", "Dicatat untuk rekap pengaduan bulanan."),
    LAYANAN: ("Sudah dikonfirmasi ke bagian gudang.", "Pelanggan ditelepon untuk konfirmasi."),
}
THANKS = (
    "Terima kasih atas penjelasannya.",
    "Baik, terima kasih banyak. Sudah jelas.",
    "Terima kasih, sudah saya coba dan berhasil.",
    "Matur nuwun, sudah beres.",
)
THANKS_EN = ("Thank you, that is clear.", "Many thanks for your help.")
GENERIC_REOPEN = "Maaf, ternyata masalahnya belum selesai. Mohon dibantu lagi."
GENERIC_AFTER_REOPEN = "Mohon maaf, kami sudah memeriksa ulang dan menyelesaikan kekurangannya. Silakan dicek kembali."
CLOSE_REASONS = (
    "Tidak ada tanggapan lanjutan dari pemohon.",
    "Selesai; pemohon menyatakan sudah jelas melalui telepon.",
    "",
)
CLOSE_DIRECT_REASONS = (
    "Duplikat: permintaan yang sama dikirim dua kali.",
    "Pemohon membatalkan permintaannya.",
    "Salah kirim; pemohon mengurus langsung di loket.",
)
WAITING_CUSTOMER_REASON = "Menunggu kelengkapan dari pemohon."
RESUMED_REASON = "Jawaban dari pihak terkait sudah diterima."
ASSIGN_REASONS = ("", "", "Sesuai pembagian tugas minggu ini.", "Petugas yang menangani berkas sebelumnya.")

# --- A unit's sorting tools -----------------------------------------------------------------------

CATEGORIES = {
    USAHA: ("NIB / OSS", "Sistem OSS", "Persyaratan", "Biaya", "Sikap petugas", "Waktu layanan"),
    PBG: (
        "Pengajuan PBG",
        "SLF",
        "Persyaratan teknis",
        "Biaya retribusi",
        "Pengawasan bangunan",
        "Sikap petugas",
        "Waktu layanan",
    ),
    INFORMASI: (
        "Informasi perizinan",
        "Pengaduan layanan",
        "Sikap petugas",
        "Pungutan liar",
        "Sarana dan prasarana",
        "Saran",
        "Surat masuk",
    ),
    LAYANAN: ("Pesanan", "Pengiriman", "Harga", "Kualitas barang", "Pembayaran"),
}

CANNED_REPLIES = {
    USAHA: (
        (
            "Cara daftar NIB (risiko rendah)",
            "NIB dapat didaftarkan sendiri secara daring di oss.go.id tanpa biaya. Siapkan NIK, e-mail dan nomor HP "
            "aktif, alamat usaha, dan kode KBLI. Untuk usaha risiko rendah, NIB sudah cukup untuk mulai berusaha.",
        ),
        (
            "Jam layanan loket Perizinan Usaha",
            "Loket Perizinan Usaha di Mal Pelayanan Publik Lantai 1 buka Senin-Jumat pukul 08.00-15.00. Pendampingan "
            "OSS tersedia tanpa biaya.",
        ),
        (
            "Berkas diteruskan ke dinas teknis",
            "Berkas Bapak/Ibu sudah kami teruskan ke dinas teknis untuk verifikasi. Kami kabari begitu ada hasil.",
        ),
        (
            "Permintaan kelengkapan dokumen",
            "Mohon lengkapi dokumen berikut di OSS, lalu balas pesan ini agar berkas dapat kami proses: ...",
        ),
    ),
    PBG: (
        (
            "Persyaratan PBG rumah tinggal",
            "PBG diajukan melalui simbg.pu.go.id dengan dokumen data pemohon, bukti kepemilikan tanah, serta rencana "
            "arsitektur, struktur dan MEP. Rumah sederhana sampai 2 lantai dapat memakai desain prototipe.",
        ),
        (
            "Status berkas di SIMBG",
            "Berkas Bapak/Ibu sedang dinilai Tim Penilai Teknis. Perkembangannya dapat dipantau di SIMBG pada menu "
            "Daftar Permohonan.",
        ),
        (
            "Retribusi dibayar lewat bank",
            "Retribusi PBG dibayar hanya melalui bank yang tercantum pada SKRD. Petugas tidak menerima pembayaran "
            "dalam bentuk apa pun.",
        ),
        (
            "Jadwal konsultasi teknis",
            "Konsultasi teknis dengan petugas PBG tersedia setiap Selasa dan Kamis pukul 09.00-12.00 di Ruang "
            "Konsultasi PBG, MPP Lantai 2.",
        ),
    ),
    INFORMASI: (
        (
            "Tanda terima pengaduan",
            "Terima kasih, pengaduan Bapak/Ibu sudah kami terima dan diverifikasi paling lambat 3 hari kerja. "
            "Identitas pelapor kami jaga kerahasiaannya bila diminta.",
        ),
        (
            "Bukan kewenangan DPMPTSP",
            "Layanan yang Bapak/Ibu tanyakan bukan kewenangan DPMPTSP. Silakan menghubungi instansi berikut: ...",
        ),
        (
            "Terima kasih atas saran",
            "Terima kasih atas sarannya. Usulan Bapak/Ibu kami bahas dalam rapat evaluasi layanan bulanan.",
        ),
    ),
    LAYANAN: (
        (
            "Konfirmasi pesanan",
            "Pesanan Bapak/Ibu sudah kami catat. Kami kabari jadwal pengiriman paling lambat besok pagi.",
        ),
        (
            "Stok belum mencukupi",
            "Mohon maaf, stok untuk sebagian pesanan belum mencukupi. Barang yang tersedia kami kirim lebih dulu dan "
            "sisanya menyusul sesuai tanggal janji yang baru.",
        ),
        (
            "Jadwal pengiriman",
            "Pengiriman wilayah Makassar, Gowa dan Maros setiap Senin-Sabtu; pesanan sebelum pukul 10.00 WITA dikirim "
            "hari yang sama.",
        ),
        (
            "Informasi pembayaran",
            "Pembayaran dapat ditransfer ke rekening perusahaan yang tertera di faktur. Mohon kirim bukti transfer "
            "melalui WhatsApp admin.",
        ),
    ),
}
